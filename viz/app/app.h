// The visualizer's state and frame: the lesson on screen, its player and scene, the shared
// selection, the language and theme; lays the panels out in tiles that fit 1280x720 and up.
#pragma once

#include "fonts.h"
#include "lesson.h"
#include "model/recent_files.h"
#include "lesson_edits.h"
#include "map_layout.h"
#include "panel_registry.h"
#include "theme.h"
#include "view_context.h"

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace postino::viz {

struct AppOptions {
    std::string scenarioPath;
    std::string language = "en";
    bool dark = false;
    bool present = false;  // start in presentation mode (full screen, large text, map + now line + lesson)
    float scale = 1.0f;  // the monitor's content scale
    std::string bottomTab;         // the id of a bottom tab to show first (panel_registry.h), "" the first
    std::string sideTab;           // the id of an inspector tab to show first, "" the first
    std::uint32_t connection = 0;  // a connection to select at start (0: none)
    std::string node;              // the id of a node to select at start ("": none)
    bool rememberRecent = false;   // keep File → Recent between runs (not for headless runs)
    bool compose = false;          // open the "Write a mail" window at start
    std::string sendTo;            // send a mail from the first account to this address at the first frame
    bool editNetwork = false;      // start in the Edit network mode
    std::string editRemoveNode;    // in it, remove this node at the first frame, as Delete does
    bool newLesson = false;        // start with a new empty lesson in the Edit network mode
};

class App {
public:
    explicit App(AppOptions options);
    ~App();

    // Loads and simulates a scenario; on failure the errors are shown and the old lesson stays.
    // Unsaved edits are asked about first.
    void open(const std::string& path);
    // A lesson the browser could not download (the page's ?lesson=<address>): shown as that
    // address's load error, with why ("HTTP 404 Not Found"), as a file that cannot be opened is.
    void showDownloadProblem(const std::string& address, const std::string& why);
    // Quits, after asking about unsaved edits (the Quit menu, Ctrl+Q, the window's close button).
    void requestQuit();
    void seekSeconds(double seconds);
    // The size of text and controls, 0.75 to 4 (View → Bigger text; the page follows the browser's zoom).
    void setScale(float scale);
    float scale() const { return m_options.scale; }
    // Where the player stands, in simulated seconds (0 before a lesson loads).
    double playheadSeconds() const;
    void seekBusiest();  // the moment with the most packets in flight (for --bench-frames)
    // `count` moments spread over the lesson, each halfway between two hops starting (packets in
    // flight), plus the end, in seconds (for --check-layout).
    std::vector<double> layoutMoments(int count) const;

    // Before ImGui::NewFrame(): applies font, theme and language changes asked for last frame.
    void beforeFrame();
    void frame(double wallSeconds);
    bool wantsQuit() const { return m_quit; }
    // The load errors on screen (of the lesson, or of the last failed open), formatted; "" if none.
    std::string errorText() const;
    // A --drive script's "expect" line on the lesson being edited: "" when it holds.
    std::string checkExpectation(const std::vector<std::string>& words) const;
    bool animating() const;
    // Presentation mode: the window goes full screen (main.cpp watches this), text grows,
    // only the player, the now line, the map and the lesson show. F11 toggles it, Esc leaves.
    bool presenting() const { return m_presenting; }
    void setPresenting(bool on);
    double medianBuildMillis() const;
    // "200 nodes, 2013 packets in flight" for the frame benchmark.
    std::string sceneSize() const;

private:
    // Puts a simulated lesson on screen: index, player, scene and panels anew.
    void adopt(std::unique_ptr<Lesson> lesson);
    // The edited lesson simulated again, the player kept at the same moment.
    void showEdited();
    void startNew(scenario::Scenario scenario);  // File › New lesson / New from a template
    void drawMenu();
    // File → Open…: the browser's file picker, else the dialog asking for a path.
    void askForScenarioFile();
    void drawOpenDialog();
    void drawErrors();
    void handleKeys();
    void finishFrame(double start);  // start: threadCpuMillis() when the frame began
    static double threadCpuMillis();
    // The panels at `place` as the tabs of one tab bar, inside the current window.
    void drawTabBar(ViewContext& ctx, PanelPlace place, const char* barId);
    // Sets the text scale of the next tab bar's labels so they fit the window's width.
    void fitTabLabels(const std::vector<const char*>& titles);
    // The View menu's entries that bring a tab forward.
    void drawTabMenu(PanelPlace place);

    AppOptions m_options;
    std::unique_ptr<Lesson> m_lesson;
    std::unique_ptr<TraceIndex> m_index;
    std::unique_ptr<Player> m_player;
    std::unique_ptr<SceneBuilder> m_scene;
    std::vector<MapPoint> m_layout;
    Selection m_selection;
    std::vector<scenario::LoadError> m_openErrors;  // of the last failed open
    std::string m_openPath;
    std::array<char, 1024> m_openBuffer{};  // the open dialog's path as typed
    bool m_showOpen = false;
    RecentFiles m_recent;  // File → Recent
    bool m_quit = false;
    bool m_reloadFonts = true;
    Theme m_theme = Theme::Light;
    bool m_showTcpControl = true;  // View menu: SYN, ACK, FIN on the map
    std::string m_language = "en";
    std::string m_pendingLanguage;
    std::vector<double> m_buildMillis;
    int m_framesDrawn = 0;
    bool m_presenting = false;
    float m_normalScale = 1.0f;  // the text size to go back to when presenting ends
    float m_tabScale = 1.0f;
    LessonEdits m_edits;  // the lesson's edits: undo, compose, save as
    std::vector<PlacedPanel> m_panels;  // from the registry; reset when a lesson loads
    // Per tab bar (bottom, inspector): the tab to bring forward and for how many more frames
    // (a new tab bar needs two), from --tab / --inspector at start and from the View menu.
    std::string m_bringForward[2];
    int m_bringFrames[2] = {2, 2};
    bool m_openTabWantsRoom[2] = {false, false};  // per tab bar: its open tab asked for room (last frame)
};

}  // namespace postino::viz
