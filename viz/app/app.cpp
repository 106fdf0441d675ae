#include "app.h"

#include "core/data_dirs.h"
#include "core/decimal.h"
#include "platform.h"
#include "event_text.h"
#include "export_menu.h"
#include "i18n.h"
#include "network_editor.h"
#include "model/ui_expectation.h"
#include "model/now_fit.h"
#include "panels.h"
#include "ui_targets.h"
#include "wrapped_text.h"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_opengl3.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <chrono>
#include <ctime>
#include <filesystem>

namespace postino::viz {

namespace {
constexpr float kBaseFontPixels = 17.0f;

// Dear ImGui 1.86 maps its named keys through io.KeyMap; letters and F-keys are GLFW codes.
bool pressed(ImGuiKey key, bool repeat = true) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat); }
bool pressedGlfw(int glfwKey) { return ImGui::IsKeyPressed(glfwKey, false); }

// Looked up once: installed next to the program, or the source tree when run from the build.
const core::DataSearch& fontSearch() {
    static const core::DataSearch search = core::findData(core::DataKind::Fonts);
    return search;
}
const core::DataSearch& lessonSearch() {
    static const core::DataSearch search = core::findData(core::DataKind::Lessons);
    return search;
}
}  // namespace

App::App(AppOptions options)
    : m_options(std::move(options)),
      m_recent(m_options.rememberRecent ? RecentFiles::defaultStore() : std::filesystem::path()),
      m_panels(makePanels()) {
    m_bringForward[0] = m_options.bottomTab;
    m_bringForward[1] = m_options.sideTab;
    m_theme = m_options.dark ? Theme::Dark : Theme::Light;
    m_pendingLanguage = m_options.language;
    if (m_options.present) setPresenting(true);
    beforeFrame();  // fonts and language before the first frame
    open(m_options.scenarioPath);
}

App::~App() = default;

void App::open(const std::string& path) {
    if (!m_edits.confirmDiscard([this, path] { open(path); })) return;
    std::unique_ptr<Lesson> lesson = Lesson::load(path);
    if (!lesson->ok()) {
        m_openErrors = lesson->errors();
        m_openPath = path;
        if (!m_lesson) m_lesson = std::move(lesson);  // nothing else to show: show the errors
        return;
    }
    m_openErrors.clear();
    m_recent.add(path);  // a list that cannot be written only stays in memory
    adopt(std::move(lesson));
    m_edits.reset(*m_lesson);
    if (m_options.compose) m_edits.openCompose(), m_options.compose = false;
    if (m_options.editNetwork) startNetworkEditor(m_options.editRemoveNode, m_options.node), m_options.editNetwork = false;
    if (m_options.newLesson) m_options.newLesson = false, startNew(newLessonScenario());
}

void App::showDownloadProblem(const std::string& address, const std::string& why) {
    m_openErrors = {scenario::makeLoadError(address, 0, 0, "", trace::phrase("could not download the file: {}", why))};
    m_openPath = address;
}

void App::requestQuit() {
    if (m_edits.confirmDiscard([this] { m_quit = true; })) m_quit = true;
}

void App::adopt(std::unique_ptr<Lesson> lesson) {
    // The player and scene point into the old index: replace them together.
    m_scene.reset();
    m_player.reset();
    m_index.reset();
    m_lesson = std::move(lesson);
    m_index = std::make_unique<TraceIndex>(m_lesson->trace());
    m_player = std::make_unique<Player>(*m_index);
    m_scene = std::make_unique<SceneBuilder>(*m_index);
    m_layout = layoutMap(m_lesson->scenario());
    m_selection = Selection{};
    for (PlacedPanel& p : m_panels) p.panel->reset();
    if (m_options.connection > 0 && m_options.connection <= m_lesson->trace().connections.size())
        m_selection.connection = m_options.connection;
    for (std::size_t i = 0; i < m_lesson->trace().nodes.size(); ++i)
        if (!m_options.node.empty() && m_lesson->trace().nodes[i].id == m_options.node) m_selection.node = i;
}

void App::startNew(scenario::Scenario scenario) {
    if (!m_edits.confirmDiscard([this, scenario] { startNew(scenario); })) return;
    std::unique_ptr<Lesson> lesson = Lesson::simulate(scenario);  // an empty lesson: an empty world
    if (!lesson->ok()) {
        m_openErrors = lesson->errors();
        return;
    }
    adopt(std::move(lesson));
    m_edits.reset(*m_lesson);
    startNetworkEditor("");
}

void App::showEdited() {
    if (!m_edits.loads()) return;  // a network half built: the editor shows its problems, the last run stays
    std::unique_ptr<Lesson> lesson = Lesson::simulate(m_edits.scenario());
    if (!lesson->ok()) {
        m_openErrors = lesson->errors();
        return;
    }
    const Time at = m_player ? m_player->playhead() : Time::zero();
    const std::vector<MapPoint> layout = m_layout;  // a node the teacher dragged stays where it is
    adopt(std::move(lesson));
    if (layout.size() == m_layout.size()) m_layout = layout;
    m_player->seek(at);
}

void App::seekSeconds(double seconds) {
    if (m_player) m_player->seek(Time::fromNanos(static_cast<std::int64_t>(seconds * 1e9)));
}

void App::seekBusiest() {
    if (!m_index) return;
    const auto& hops = m_index->trace().hops;
    Time best;
    std::size_t most = 0;
    std::vector<std::uint32_t> inFlight;
    for (std::size_t i = 0; i < hops.size(); i += std::max<std::size_t>(1, hops.size() / 2000)) {
        m_index->hopsInFlight(hops[i].start, inFlight);
        if (inFlight.size() > most) most = inFlight.size(), best = hops[i].start;
    }
    m_player->seek(best);
}

std::vector<double> App::layoutMoments(int count) const {
    std::vector<double> moments;
    if (!m_index || count <= 0) return moments;
    const auto points = m_index->stepPoints(Granularity::Hop);
    for (int k = 0; k < count && points.size() > 1; ++k) {
        const std::size_t i = static_cast<std::size_t>(k) * (points.size() - 1) / static_cast<std::size_t>(count);
        moments.push_back((points[i].toSeconds() + points[i + 1].toSeconds()) / 2);
    }
    moments.push_back(m_index->endTime().toSeconds());
    return moments;
}

std::string App::sceneSize() const {
    if (!m_scene || !m_lesson || !m_lesson->ok()) return "no lesson";
    return fmt::format("{} nodes, {} packets in flight", m_lesson->trace().nodes.size(),
                       m_scene->state().packets.size());
}

bool App::animating() const { return m_player && m_player->playing(); }

// The CPU time this thread has used, in ms: what building a frame costs, whatever else the
// machine runs at the time (wall time where the system cannot tell).
double App::threadCpuMillis() {
#ifdef CLOCK_THREAD_CPUTIME_ID
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
        return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
#endif
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double App::medianBuildMillis() const {
    if (m_buildMillis.empty()) return 0;
    std::vector<double> sorted = m_buildMillis;
    std::sort(sorted.begin(), sorted.end());
    return sorted[sorted.size() / 2];
}

void App::beforeFrame() {
    if (!m_pendingLanguage.empty()) {
        std::string problem;
        if (!setLanguage(m_pendingLanguage, &problem)) {
            std::fprintf(stderr, "postino-viz: %s (showing English)\n", problem.c_str());
            setLanguage("en");
        }
        m_language = currentLanguage();
        m_pendingLanguage.clear();
    }
    if (m_reloadFonts) {
        Fonts loaded;
        std::string problem = fontSearch().error();
        if (!problem.empty()) loadDefaultFont(loaded);
        else if (!loadFonts(fontSearch().found.string(), kBaseFontPixels * m_options.scale, loaded, problem))
            std::fprintf(stderr, "postino-viz: %s (using the built-in font)\n", problem.c_str());
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
        applyTheme(m_theme, m_options.scale);
        m_reloadFonts = false;
    }
}

void App::handleKeys() {
    if (!m_player || ImGui::GetIO().WantTextInput) return;
    if (pressedGlfw(GLFW_KEY_F11)) setPresenting(!m_presenting);
    if (m_presenting && pressed(ImGuiKey_Escape, false)) setPresenting(false);
    if (pressed(ImGuiKey_Space, false)) m_player->toggle();
    const Granularity g = ImGui::GetIO().KeyShift ? Granularity::Hop
                          : ImGui::GetIO().KeyCtrl ? Granularity::Line
                                                   : Granularity::Event;
    if (pressed(ImGuiKey_RightArrow)) m_player->stepNext(g);
    if (pressed(ImGuiKey_LeftArrow)) m_player->stepPrevious(g);
    if (pressed(ImGuiKey_Home, false)) m_player->seek(Time::zero());
    if (pressed(ImGuiKey_End, false)) m_player->seek(m_player->end());
    if (pressed(ImGuiKey_UpArrow)) m_player->faster();
    if (pressed(ImGuiKey_DownArrow)) m_player->slower();
}

void App::frame(double wallSeconds) {
    const double start = threadCpuMillis();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float s = m_options.scale;
    if (!m_presenting) drawMenu();
    const ImVec2 origin(vp->WorkPos.x, vp->WorkPos.y);
    const ImVec2 full(vp->WorkSize.x, vp->WorkSize.y);

    if (!m_lesson || !m_lesson->ok() || !m_index) {
        drawErrors();
        drawOpenDialog();
        return;
    }
    if (!m_options.sendTo.empty()) {
        const ComposeResult sent = m_edits.sendFromFirstAccount(m_options.sendTo, m_player->playhead(), m_player->end());
        if (!sent.ok()) std::fprintf(stderr, "postino-viz: --send-mail: the mail was not sent (%s)\n",
                                     sent.errors.empty() ? sent.detail.c_str() : sent.errors.front().format().c_str());
        m_options.sendTo.clear();
    }
    if (m_edits.takeChanged()) showEdited();
    handleKeys();
    m_player->advance(wallSeconds);
    const SceneState& state = m_scene->build(m_player->playhead());
    if (m_selection.followPlayhead && m_player->playing()) m_selection.event = static_cast<int>(state.currentEvent);
    ViewContext ctx{*m_lesson, *m_index, *m_player, state, m_selection, m_layout, s, m_showTcpControl};

    // Edit network: the editor takes the whole window (the player waits; a half-built network
    // does not run).
    if (!m_presenting && (NetworkEditor::instance().active() || m_lesson->scenario().nodes.empty())) {
        if (m_player->playing()) m_player->pause();
        if (beginTile(tr("Edit network"), "editor", {origin, full}, ImGuiWindowFlags_NoTitleBar))
            NetworkEditor::instance().drawOnMap(s, true);
        ImGui::End();
        finishFrame(start);
        return;
    }

    // Tiles: controls across the top, the now line under them; map and lesson/inspectors side by
    // side; lists below. Presenting: controls, now line, map and lesson only.
    const float controlsH = 86 * s;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float nowH = nowTileTextHeight(fonts().headline->FontSize, ImGui::GetTextLineHeight() + style.ItemSpacing.y) +
                       2 * style.WindowPadding.y;
    // At least room for the inspector tabs at 1024 px (never more than 40 % of the width).
    // Presenting, the map keeps about two thirds of the width whatever the window (the lesson's
    // colour key flows onto a second line rather than widen its tile).
    const float sideW = m_presenting ? full.x * 0.34f : std::clamp(full.x * 0.34f, std::min(380 * s, full.x * 0.4f), 640 * s);
    const float mainW = full.x - sideW;
    const float bodyY = origin.y + controlsH + nowH;
    const float bodyH = full.y - controlsH - nowH;
    // The map takes 58 % of the height, less while an open bottom tab needs room (Compare).
    // A tab that wants room (Compare) takes more of a tall window; in a short one it draws compact
    // and the map keeps its share.
    const float roomyShare = bodyH >= 700 * s ? 0.45f : 0.58f;
    const float mapH = m_presenting ? bodyH : bodyH * (m_openTabWantsRoom[0] ? roomyShare : 0.58f);
    const float lessonH = m_presenting ? bodyH : bodyH * 0.36f;
    const auto tileRect = [&](PanelPlace place) -> PanelRect {
        switch (place) {
            case PanelPlace::PlayerTile: return {origin, {full.x, controlsH}};
            case PanelPlace::NowTile: return {{origin.x, origin.y + controlsH}, {full.x, nowH}};
            case PanelPlace::MapTile: return {{origin.x, bodyY}, {mainW, mapH}};
            default: return {{origin.x + mainW, bodyY}, {sideW, lessonH}};
        }
    };
    for (PlacedPanel& p : m_panels)
        if (p.place != PanelPlace::BottomTab && p.place != PanelPlace::InspectorTab)
            p.panel->drawTile(ctx, tileRect(p.place));
    if (m_presenting) {
        finishFrame(start);
        return;
    }

    if (beginTile(tr("Timeline"), "bottom", {{origin.x, bodyY + mapH}, {mainW, bodyH - mapH}},
                  ImGuiWindowFlags_NoTitleBar))
        drawTabBar(ctx, PanelPlace::BottomTab, "bottom-tabs");
    ImGui::End();
    if (beginTile(tr("Inspector"), "inspector", {{origin.x + mainW, bodyY + lessonH}, {sideW, bodyH - lessonH}},
                  ImGuiWindowFlags_NoTitleBar))
        drawTabBar(ctx, PanelPlace::InspectorTab, "inspector-tabs");
    ImGui::End();

    finishFrame(start);
}

std::string App::checkExpectation(const std::vector<std::string>& words) const {
    // "expect t 1.094378": where the player stands, to the microsecond (the transcript's precision).
    if (!words.empty() && words[0] == "t") {
        double want = 0;
        if (words.size() != 2 || core::parseDecimal(words[1].data(), words[1].data() + words[1].size(), want).ec != std::errc())
            return "'expect t' takes a time in seconds, e.g. expect t 1.094378";
        const double now = playheadSeconds();
        if (std::abs(now - want) < 1e-6) return {};  // the transcript prints whole microseconds
        return fmt::format("expected the player at {:.6f} s, it is at {:.6f} s", want, now);
    }
    // "expect lang it": the interface's language.
    if (!words.empty() && words[0] == "lang") {
        if (words.size() != 2) return "'expect lang' takes a language code, e.g. expect lang it";
        const std::string& now = currentLanguage();
        return now == words[1] ? std::string() : fmt::format("expected the language {}, it is {}", words[1], now);
    }
    return checkUiExpectation(m_edits.document(), words);
}

void App::finishFrame(double start) {
    m_edits.drawWindows(*m_lesson, m_player->playhead(), m_player->end(), m_options.scale);
    ExportMenu::instance().drawWindow(m_options.scale);
    drawErrors();
    drawOpenDialog();
    ++m_framesDrawn;
    m_buildMillis.push_back(threadCpuMillis() - start);
    if (m_buildMillis.size() > 4096) m_buildMillis.erase(m_buildMillis.begin(), m_buildMillis.begin() + 2048);
}

void App::setPresenting(bool on) {
    if (on == m_presenting) return;
    m_presenting = on;
    // Presenting makes everything larger for the back row; leaving gives the reader's size back.
    if (on) m_normalScale = m_options.scale, m_options.scale = std::min(3.0f, m_options.scale * 1.4f);
    else m_options.scale = m_normalScale;
    m_reloadFonts = true;
}

void App::drawTabBar(ViewContext& ctx, PanelPlace place, const char* barId) {
    const int bar = place == PanelPlace::BottomTab ? 0 : 1;
    std::vector<const char*> titles;
    for (const PlacedPanel& p : m_panels)
        if (p.place == place) titles.push_back(p.panel->title());
    fitTabLabels(titles);
    if (!ImGui::BeginTabBar(barId)) return;
    const bool bring = m_bringFrames[bar] > 0;
    for (PlacedPanel& p : m_panels)
        if (p.place == place && p.panel->drawTab(ctx, bring && m_bringForward[bar] == p.panel->id(), m_tabScale))
            m_openTabWantsRoom[bar] = p.panel->wantsRoom();
    ImGui::EndTabBar();
    if (bring) --m_bringFrames[bar];
}

void App::drawTabMenu(PanelPlace place) {
    const int bar = place == PanelPlace::BottomTab ? 0 : 1;
    for (const PlacedPanel& p : m_panels)
        if (p.place == place && ImGui::MenuItem(p.panel->title())) m_bringForward[bar] = p.panel->id(), m_bringFrames[bar] = 2;
}

void App::fitTabLabels(const std::vector<const char*>& titles) {
    // Tabs keep their whole names: when they do not fit the window's width, their text gets
    // smaller (down to 72 %) before Dear ImGui has to cut them short. Only the text scales;
    // each tab's padding (Dear ImGui's TabItemCalcSize) and the spacing between tabs do not.
    const ImGuiStyle& style = ImGui::GetStyle();
    float text = 0, fixed = 0;
    for (const char* t : titles) text += ImGui::CalcTextSize(t).x, fixed += 2 * style.FramePadding.x + 1 + style.ItemInnerSpacing.x;
    const float room = ImGui::GetContentRegionAvail().x - 4;
    m_tabScale = text + fixed > room && text > 0 ? std::clamp((room - fixed) / text, 0.72f, 1.0f) : 1.0f;
}

void App::drawMenu() {
    if (!ImGui::BeginMainMenuBar()) return;
    if (beginMenuNoted(fmt::format("{}###file", tr("File")).c_str(), "menu:file")) {
        if (ImGui::MenuItem(tr("Open…"), "Ctrl+O")) askForScenarioFile();
        if (ImGui::BeginMenu(tr("Open Recent"), !m_recent.files().empty())) {
            std::string chosen;
            for (const std::string& f : m_recent.files()) {
                const std::filesystem::path file(f);
                if (ImGui::MenuItem(file.filename().string().c_str())) chosen = f;
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.c_str());
            }
            ImGui::EndMenu();
            if (!chosen.empty()) {
                std::error_code ec;
                if (std::filesystem::exists(chosen, ec)) open(chosen);
                else m_recent.forget(chosen), open(chosen);  // open says what is wrong with it
            }
        }
        if (ImGui::MenuItem(tr("Reload"), "F5", false, m_lesson && !m_lesson->path().empty())) open(m_lesson->path());
        newLessonMenuItems(lessonSearch().found, [this](scenario::Scenario s) { startNew(std::move(s)); });
        m_edits.fileMenuItems();
        ExportMenu::instance().menu(m_lesson.get(), m_selection);
        if (ImGui::BeginMenu(tr("Lessons"))) {
            std::vector<std::filesystem::path> files;
            std::error_code ec;
            for (const auto& entry : std::filesystem::directory_iterator(lessonSearch().found, ec))
                if (entry.path().extension() == ".json" && entry.path().filename() != "schema.json")
                    files.push_back(entry.path());
            std::sort(files.begin(), files.end());
            for (const auto& f : files)
                if (ImGui::MenuItem(f.stem().string().c_str())) open(f.string());
            if (files.empty()) ImGui::TextDisabled("%s", tr("No lessons found"));
            ImGui::EndMenu();
        }
        if (!platform::kBrowser) {  // a page is left by closing its tab
            ImGui::Separator();
            if (ImGui::MenuItem(tr("Quit"), "Ctrl+Q")) requestQuit();
        }
        ImGui::EndMenu();
    }
    m_edits.editMenu();
    m_edits.mailMenu();
    if (ImGui::BeginMenu(fmt::format("{}###view", tr("View")).c_str())) {
        if (ImGui::MenuItem(tr("Light theme"), nullptr, m_theme == Theme::Light)) m_theme = Theme::Light, m_reloadFonts = true;
        if (ImGui::MenuItem(tr("Dark theme"), nullptr, m_theme == Theme::Dark)) m_theme = Theme::Dark, m_reloadFonts = true;
        ImGui::MenuItem(tr("Show TCP control packets"), nullptr, &m_showTcpControl);
        ImGui::Separator();
        if (ImGui::MenuItem(tr("Presentation mode"), "F11", m_presenting)) setPresenting(!m_presenting);
        // For the back row of a classroom: everything grows with the text.
        if (ImGui::MenuItem(tr("Bigger text"), "Ctrl +", false, m_options.scale < 3.0f))
            m_options.scale = std::min(3.0f, m_options.scale + 0.25f), m_reloadFonts = true;
        if (ImGui::MenuItem(tr("Smaller text"), "Ctrl -", false, m_options.scale > 0.75f))
            m_options.scale = std::max(0.75f, m_options.scale - 0.25f), m_reloadFonts = true;
        ImGui::Separator();
        // Bring a tab forward; the names are the tabs' own.
        ImGui::TextDisabled("%s", tr("Timeline"));
        drawTabMenu(PanelPlace::BottomTab);
        ImGui::TextDisabled("%s", tr("Inspector"));
        drawTabMenu(PanelPlace::InspectorTab);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(fmt::format("{}###language", tr("Language")).c_str())) {
        for (const Language& l : languages())
            if (ImGui::MenuItem(l.nativeName, l.code, m_language == l.code)) {
                m_pendingLanguage = l.code;
                platform::rememberLanguage(l.code);
            }
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(fmt::format("{}###help", tr("Help")).c_str())) {
        ImGui::TextUnformatted(tr("Space: play or pause"));
        ImGui::TextUnformatted(tr("Left / Right: previous / next event"));
        ImGui::TextUnformatted(tr("Ctrl + Left / Right: previous / next protocol line"));
        ImGui::TextUnformatted(tr("Shift + Left / Right: previous / next hop"));
        ImGui::TextUnformatted(tr("Up / Down: faster / slower"));
        ImGui::TextUnformatted(tr("Home / End: start / end"));
        ImGui::TextUnformatted(tr("F11: presentation mode (full screen, large text); Esc leaves it"));
        ImGui::TextUnformatted(tr("At a question: 1 to 5 choose, R reveals, Enter continues"));
        ImGui::EndMenu();
    }
    if (m_lesson && m_lesson->ok()) {
        ImGui::Separator();
        ImGui::TextUnformatted(m_lesson->scenario().title.get(m_language).c_str());
        if (m_edits.dirty()) ImGui::TextDisabled("%s", tr("(edited, not saved)"));
    }
    ImGui::EndMainMenuBar();
    if (ImGui::GetIO().KeyCtrl && pressedGlfw(GLFW_KEY_O)) askForScenarioFile();
    if (ImGui::GetIO().KeyCtrl && pressedGlfw(GLFW_KEY_Q) && !platform::kBrowser) requestQuit();
    m_edits.handleKeys();
    // In a page Ctrl + and Ctrl - are the browser's zoom, which the page follows (setScale).
    const bool zoomKeys = ImGui::GetIO().KeyCtrl && !platform::kBrowser;
    if (zoomKeys && (pressedGlfw(GLFW_KEY_EQUAL) || pressedGlfw(GLFW_KEY_KP_ADD)) && m_options.scale < 3.0f)
        m_options.scale = std::min(3.0f, m_options.scale + 0.25f), m_reloadFonts = true;
    if (zoomKeys && (pressedGlfw(GLFW_KEY_MINUS) || pressedGlfw(GLFW_KEY_KP_SUBTRACT)) && m_options.scale > 0.75f)
        m_options.scale = std::max(0.75f, m_options.scale - 0.25f), m_reloadFonts = true;
    if (pressedGlfw(GLFW_KEY_F5) && m_lesson && !m_lesson->path().empty()) open(m_lesson->path());
}

double App::playheadSeconds() const { return m_player ? m_player->playhead().toSeconds() : 0.0; }

void App::setScale(float scale) {
    scale = std::clamp(scale, 0.75f, 4.0f);
    if (scale == m_options.scale) return;
    m_options.scale = scale;
    m_reloadFonts = true;
}

void App::askForScenarioFile() {
    if (!platform::pickScenarioFile()) m_showOpen = true;  // the desktop asks for a path
}

void App::drawOpenDialog() {
    if (m_showOpen) {
        ImGui::OpenPopup("###open");
        m_showOpen = false;
        if (m_openPath.empty() && m_lesson) m_openPath = m_lesson->path();
    }
    ImGui::SetNextWindowSize(ImVec2(640 * m_options.scale, 0), ImGuiCond_Appearing);
    if (ImGui::BeginPopupModal(fmt::format("{}###open", tr("Open a scenario")).c_str(), nullptr)) {
        char* buffer = m_openBuffer.data();
        if (ImGui::IsWindowAppearing()) std::snprintf(buffer, m_openBuffer.size(), "%s", m_openPath.c_str());
        ImGui::TextUnformatted(tr("Path of a scenario file (.json):"));
        ImGui::SetNextItemWidth(-1);
        const bool enter = ImGui::InputText("##path", buffer, m_openBuffer.size(), ImGuiInputTextFlags_EnterReturnsTrue);
        if (ImGui::Button(tr("Open")) || enter) {
            open(buffer);
            if (m_openErrors.empty()) ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button(tr("Cancel"))) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

std::string App::errorText() const {
    const std::vector<scenario::LoadError>& errors =
        !m_openErrors.empty() ? m_openErrors : (m_lesson ? m_lesson->errors() : m_openErrors);
    std::string out;
    for (const auto& e : errors) out += e.format() + "\n";
    return out;
}

void App::drawErrors() {
    const std::vector<scenario::LoadError>& errors =
        !m_openErrors.empty() ? m_openErrors : (m_lesson ? m_lesson->errors() : m_openErrors);
    if (errors.empty()) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x * 0.8f, 0), ImGuiCond_Always);
    if (ImGui::Begin(fmt::format("{}###errors", tr("This scenario cannot be opened")).c_str(), nullptr,
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_AlwaysAutoResize)) {
        textWrapped(tr("Fix the file and choose File > Reload, or open another scenario."));
        ImGui::Separator();
        ImGui::PushFont(fonts().mono);
        for (std::size_t i = 0; i < errors.size() && i < 20; ++i) textWrapped(loadErrorText(errors[i]));
        ImGui::PopFont();
        if (ImGui::Button(tr("Open another scenario…"))) askForScenarioFile();
        if (m_lesson && m_lesson->ok()) {
            ImGui::SameLine();
            if (ImGui::Button(tr("Back to the current lesson"))) m_openErrors.clear();
        }
    }
    ImGui::End();
}

}  // namespace postino::viz
