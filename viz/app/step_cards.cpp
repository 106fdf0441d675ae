#include "step_cards.h"

#include "fonts.h"
#include "i18n.h"
#include "theme.h"
#include "wrapped_text.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

namespace postino::viz {

namespace {

// The mode a teacher chose stays when another lesson is opened.
StepMode g_mode = StepMode::Teacher;
std::uint64_t g_appliedSerial = 0;  // the lesson the command line's StepStart was applied to

const std::string& text(const scenario::LocalizedText& t) { return t.get(currentLanguage()); }

void applyStart(ViewContext& ctx) {
    if (g_appliedSerial == ctx.lesson.serial()) return;
    // The command line's answers and question are for the first lesson shown; the mode stays.
    const bool first = g_appliedSerial == 0;
    g_appliedSerial = ctx.lesson.serial();
    LessonSteps& steps = ctx.lesson.steps();
    if (!first) {
        steps.setMode(g_mode);
        return;
    }
    const StepStart& start = stepStart();
    g_mode = start.selfStudy ? StepMode::SelfStudy : StepMode::Teacher;
    steps.setMode(g_mode);
    int n = 0;
    for (const ResolvedStep& s : steps.steps()) {
        if (!s.question) continue;
        ++n;
        if (static_cast<std::size_t>(n) <= start.answers.size() && start.answers[n - 1] > 0) {
            steps.choose(s.index, start.answers[n - 1] - 1);
            if (start.reveal) steps.reveal(s.index);
        }
        if (n == start.question) {
            ctx.player.seek(s.time);
            ctx.player.pause();
            if (start.reveal) steps.reveal(s.index);
        }
    }
}

// A large choice button: its number, its wrapped text; coloured by what is known of it.
bool choiceButton(int number, const std::string& label, float width, ImU32 fill, ImU32 border, const char* mark) {
    ImFont* font = fonts().bold;  // a little larger than the text around: read from the back row
    const float size = font->FontSize;
    const float s = ImGui::GetFontSize() / 17.0f;
    const float pad = 8 * s, numberW = size * 1.8f;
    const float textW = width - numberW - 2 * pad - size * 1.5f;
    const ImVec2 textSize = wrappedSize(label, textW, font, size);
    const ImVec2 box(width, std::max(textSize.y, size) + 2 * pad);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushID(number);
    const bool clicked = ImGui::InvisibleButton("choice", box);
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool hovered = ImGui::IsItemHovered();
    const ImU32 bg = fill ? fill : ImGui::GetColorU32(hovered ? ImGuiCol_ButtonHovered : ImGuiCol_Button);
    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
    dl->AddRectFilled(pos, {pos.x + box.x, pos.y + box.y}, bg, 6 * s);
    if (border) dl->AddRect(pos, {pos.x + box.x, pos.y + box.y}, border, 6 * s, 0, 3 * s);
    const std::string num = std::to_string(number);
    dl->AddText(font, size, {pos.x + pad, pos.y + pad}, ink, num.c_str());
    float y = pos.y + pad;
    for (std::string_view line : wrappedLines(label, textW, font, size)) {
        dl->AddText(font, size, {pos.x + pad + numberW, y}, ink, line.data(), line.data() + line.size());
        y += size;
    }
    if (mark) dl->AddText(font, size * 1.2f, {pos.x + box.x - pad - size * 1.2f, pos.y + pad}, border, mark);
    return clicked;
}

ImU32 tint(ImU32 colour, int alpha) { return (colour & 0x00FFFFFFu) | (static_cast<ImU32>(alpha) << 24); }

bool pressedKey(int glfwKey) { return ImGui::IsKeyPressed(glfwKey, false); }
bool pressedEnter() {
    return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) || ImGui::IsKeyPressed(GLFW_KEY_KP_ENTER, false);
}

// The column left of the lesson tile, from its top to the bottom of the window: the map and
// the lists under it (which would tell what comes next while a question waits).
ImRect mapArea() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 tile = ImGui::GetWindowPos();
    return ImRect(vp->WorkPos.x, tile.y, tile.x, vp->WorkPos.y + vp->WorkSize.y);
}

// With `veil`, hides the lists under the map (the events and transcript to come would tell the
// answer) behind an opaque veil. Begins a card window at the bottom of the column, over the veil, so the map
// stays in sight above it. False when the card should not draw.
bool beginCard(const char* id, bool veil) {
    const ImRect column = mapArea();
    const float s = ImGui::GetFontSize() / 17.0f;
    const bool presenting = ImGui::GetWindowSize().y > 0.9f * column.GetHeight();
    if (veil && !presenting) {
        const float top = column.Min.y + 0.58f * column.GetHeight();
        ImGui::SetNextWindowPos({column.Min.x, top}, ImGuiCond_Always);
        ImGui::SetNextWindowSize({column.GetWidth(), column.Max.y - top}, ImGuiCond_Always);
        ImGui::SetNextWindowBgAlpha(1.0f);
        ImGui::Begin("###step-veil", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                         ImGuiWindowFlags_NoNav);
        ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
        ImGui::End();
    }
    // A narrow map column (presentation mode on a small screen gives the lesson half the width):
    // the card takes the whole width under the now line instead of scrolling.
    ImRect area = column;
    if (area.GetWidth() < 640 * s) area.Max.x = ImGui::GetMainViewport()->WorkPos.x + ImGui::GetMainViewport()->WorkSize.x;
    const float width = std::min(area.GetWidth() - 24 * s, 900 * s);
    ImGui::SetNextWindowPos({area.GetCenter().x, area.Max.y - 8 * s}, ImGuiCond_Always, {0.5f, 1.0f});
    ImGui::SetNextWindowSizeConstraints({width, 0}, {width, std::max(120 * s, area.GetHeight() - 16 * s)});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {14 * s, 10 * s});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 8 * s);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2 * s);
    ImGui::PushStyleColor(ImGuiCol_Border, highlightColor());
    const bool open = ImGui::Begin(id, nullptr,
                                   ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                       ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_AlwaysAutoResize |
                                       ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(3);
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    return open;
}

void continuePlaying(ViewContext& ctx) {
    ctx.player.setStops(ctx.lesson.steps().stopTimes());
    ctx.player.play();
}

void drawQuestionCard(ViewContext& ctx, std::size_t q, int number, int total) {
    LessonSteps& steps = ctx.lesson.steps();
    const scenario::Step& step = ctx.lesson.scenario().steps[q];
    const bool self = steps.mode() == StepMode::SelfStudy;
    // Keys: 1-5 pick, R reveals (teacher), Enter continues.
    if (!ImGui::GetIO().WantTextInput) {
        for (int k = 0; k < static_cast<int>(step.choices.size()); ++k)
            if (pressedKey(GLFW_KEY_1 + k) || pressedKey(GLFW_KEY_KP_1 + k)) steps.choose(q, k);
        if (!self && pressedKey(GLFW_KEY_R)) steps.reveal(q);
        if (pressedEnter()) {
            continuePlaying(ctx);
            return;
        }
    }
    if (beginCard("###step-question", true)) {
        const QuestionState st = steps.state(q);
        ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
        ImGui::TextUnformatted(trf("Question {} of {}", number, total).c_str());
        ImGui::SameLine();
        ImGui::TextUnformatted(self ? tr("· self-study") : tr("· teacher mode"));
        ImGui::PopStyleColor();
        ImGui::PushFont(fonts().headline);
        textWrapped(text(step.question));
        ImGui::PopFont();
        ImGui::Spacing();
        const float width = ImGui::GetContentRegionAvail().x;
        for (int k = 0; k < static_cast<int>(step.choices.size()); ++k) {
            ImU32 fill = 0, border = 0;
            const char* mark = nullptr;
            const bool chosen = st.chosen && *st.chosen == k;
            if (st.revealed && k == step.answer) fill = tint(successColor(), 70), border = successColor(), mark = "✓";
            else if (st.revealed && chosen) fill = tint(errorColor(), 60), border = errorColor(), mark = "✗";
            else if (chosen) border = highlightColor();
            if (choiceButton(k + 1, text(step.choices[static_cast<std::size_t>(k)]), width, fill, border, mark))
                steps.choose(q, k);
        }
        if (st.revealed) {
            if (self) {
                const bool right = steps.isRight(q);
                ImGui::PushFont(fonts().bold);
                textWrappedColored(right ? successColor() : errorColor(),
                                   right ? tr("Right!") : trf("Not quite: the answer is {}.", step.answer + 1));
                ImGui::PopFont();
            }
            textWrapped(text(step.explain));
        }
        ImGui::Spacing();
        const float bh = ImGui::GetFrameHeight() * 1.3f;
        if (!self && !st.revealed) {
            if (ImGui::Button(tr("Reveal the answer"), {0, bh})) steps.reveal(q);
            ImGui::SameLine();
        }
        if (ImGui::Button(tr("Continue ▶  (Enter)"), {0, bh})) continuePlaying(ctx);
        if (!st.revealed) {
            // What to do, beside the buttons (a line less on a short screen).
            const char* hint = self ? tr("Pick an answer (keys 1 to 5).") : tr("Let the class answer, then reveal (R).");
            ImGui::SameLine();
            ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (bh - ImGui::GetTextLineHeight()) / 2);
            textWrappedDisabled(hint);
        }
    }
    ImGui::End();
}

void drawScoreCard(ViewContext& ctx) {
    LessonSteps& steps = ctx.lesson.steps();
    const StepScore score = steps.score();
    if (beginCard("###step-score", false)) {
        ImGui::PushFont(fonts().headline);
        textWrapped(trf("Your score: {} of {}", score.right, score.total));
        ImGui::PopFont();
        if (score.missed.empty()) {
            textWrappedColored(successColor(), tr("Every answer right. Well done!"));
        } else {
            textWrapped(tr("To look at again:"));
            int n = 0;
            for (const ResolvedStep& r : steps.steps()) {
                if (!r.question) continue;
                ++n;
                if (std::find(score.missed.begin(), score.missed.end(), r.index) == score.missed.end()) continue;
                const scenario::Step& step = ctx.lesson.scenario().steps[r.index];
                ImGui::Spacing();
                ImGui::PushFont(fonts().bold);
                textWrapped(trf("Question {}: {}", n, text(step.question)));
                ImGui::PopFont();
                const QuestionState st = steps.state(r.index);
                if (st.chosen)
                    textWrappedColored(errorColor(), trf("Your answer: {}", text(step.choices[static_cast<std::size_t>(*st.chosen)])));
                else
                    textWrappedDisabled(tr("Not answered."));
                textWrappedColored(successColor(), trf("The answer: {}", text(step.choices[static_cast<std::size_t>(step.answer)])));
                textWrapped(text(step.explain));
            }
        }
        ImGui::Spacing();
        if (ImGui::Button(tr("Try again from the start"), {0, ImGui::GetFrameHeight() * 1.3f})) {
            steps.resetAnswers();
            ctx.player.setStops(steps.stopTimes());
            ctx.player.restart();
        }
    }
    ImGui::End();
}

}  // namespace

StepStart& stepStart() {
    static StepStart start;
    return start;
}

void drawStepNarration(ViewContext& ctx) {
    LessonSteps& steps = ctx.lesson.steps();
    if (steps.empty()) return;
    applyStart(ctx);
    const Time t = ctx.player.playhead();
    const auto current = steps.currentAt(t);
    ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
    ImGui::TextUnformatted(
        trf("Step {} of {}", current ? *current + 1 : 0, steps.steps().size()).c_str());
    ImGui::PopStyleColor();
    // The narration first, where the eye lands; on a small window the tile is narrow and short.
    if (const auto say = steps.narrationAt(t)) textWrapped(text(ctx.lesson.scenario().steps[*say].say));
    ImGui::Spacing();
    // Teacher or self-study, switched here; answers are kept.
    int mode = steps.mode() == StepMode::SelfStudy ? 1 : 0;
    const ImGuiStyle& style = ImGui::GetStyle();
    const auto radioWidth = [&](const char* label) {
        return ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + ImGui::CalcTextSize(label).x + style.ItemSpacing.x;
    };
    const float labelW = ImGui::CalcTextSize(tr("Questions:")).x + style.ItemSpacing.x;
    const float radiosW = radioWidth(tr("teacher")) + radioWidth(tr("self-study"));
    const float room = ImGui::GetContentRegionAvail().x;
    // On a narrow tile the label goes first, then the second choice takes a line of its own.
    if (labelW + radiosW <= room) {
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, mutedTextColor());
        ImGui::TextUnformatted(tr("Questions:"));
        ImGui::PopStyleColor();
        ImGui::SameLine();
    }
    if (ImGui::RadioButton(tr("teacher"), mode == 0)) mode = 0;
    if (radiosW <= room) ImGui::SameLine();
    if (ImGui::RadioButton(tr("self-study"), mode == 1)) mode = 1;
    g_mode = mode == 1 ? StepMode::SelfStudy : StepMode::Teacher;
    steps.setMode(g_mode);
    for (const std::string& problem : steps.problems()) textWrappedColored(warningColor(), problem);
    ImGui::Separator();
}

void drawStepCards(ViewContext& ctx) {
    LessonSteps& steps = ctx.lesson.steps();
    if (steps.empty()) return;
    ctx.player.setStops(steps.stopTimes());
    const Time t = ctx.player.playhead();
    if (ctx.player.playing()) return;
    if (const auto q = steps.questionAt(t)) {
        int number = 0, total = 0;
        for (const ResolvedStep& r : steps.steps())
            if (r.question) {
                ++total;
                if (r.index == *q) number = total;
            }
        drawQuestionCard(ctx, *q, number, total);
        return;
    }
    if (steps.mode() == StepMode::SelfStudy && ctx.player.atEnd() && steps.questionCount() > 0) drawScoreCard(ctx);
}

}  // namespace postino::viz
