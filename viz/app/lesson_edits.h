// The viewer's side of editing a lesson: the LessonDocument of the lesson on screen, the Edit
// menu (undo, redo), the Mail menu and its compose window, File > Save As…, and the question
// before unsaved edits are lost (opening another lesson, quitting). App asks it whether the
// document changed and then simulates it again; everything else about editing lives here.
#pragma once

#include "compose_window.h"
#include "lesson.h"
#include "model/lesson_document.h"

#include <array>
#include <functional>
#include <memory>
#include <string>

namespace postino::viz {

class LessonEdits {
public:
    // A lesson newly opened: its scenario is the document, clean, nothing to undo.
    void reset(const Lesson& lesson);
    bool dirty() const { return m_doc && m_doc->dirty(); }
    const LessonDocument* document() const { return m_doc.get(); }
    // The edited lesson loads (a network being built may not yet): only then is it simulated.
    bool loads() const { return m_doc && m_doc->loads(); }
    const scenario::Scenario& scenario() const { return m_doc->scenario(); }
    // True once after each edit, undo or redo (and a Save As elsewhere): the App simulates scenario() again.
    bool takeChanged();

    // Inside the main menu bar: File's "Save As…" item, then the Edit and Mail menus.
    void fileMenuItems();
    void editMenu();
    void mailMenu();
    // Ctrl+Z, Ctrl+Shift+Z (and Ctrl+Y), Ctrl+M (write a mail), Ctrl+Shift+S (save as).
    void handleKeys();
    void openCompose() { m_compose.open(); }
    // Sends a mail from the lesson's first account to `to` at `playhead`, as the compose
    // window's Send does (for --send-mail); the result says whether it went.
    ComposeResult sendFromFirstAccount(const std::string& to, Time playhead, Time end);
    // The compose, save-as and unsaved-changes windows, every frame.
    void drawWindows(const Lesson& lesson, Time playhead, Time end, float scale);

    // Before something that would lose unsaved edits: true (go on) when there are none;
    // otherwise asks, and calls `then` once they are saved or the user lets them go.
    bool confirmDiscard(std::function<void()> then);

private:
    void drawSaveAs(float scale);
    // File → Save: the lesson's own file when it is one of the user's (never a shipped lesson, nor
    // a lesson never saved, which go through Save As); a file the loader would refuse opens Save As
    // with the reasons.
    void save();
    void drawConfirm(float scale);

    std::unique_ptr<LessonDocument> m_doc;
    std::uint64_t m_seenRevision = 0;
    std::string m_seenPath;
    ComposeWindow m_compose;
    bool m_showSaveAs = false;
    bool m_showConfirm = false;
    bool m_replace = false;
    std::array<char, 1024> m_savePath{};
    std::vector<scenario::LoadError> m_saveErrors;
    std::vector<scenario::LoadError> m_pendingSaveErrors;  // from a Save that was refused, for Save As to show
    std::function<void()> m_afterConfirm;  // what waits for the unsaved edits to be saved or let go
    bool m_letGo = false;                  // the user chose to lose the edits: the next confirm passes
};

}  // namespace postino::viz
