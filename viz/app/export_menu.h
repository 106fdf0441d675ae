// File > Export: the transcript, the packets for Wireshark and the message the Message inspector
// shows, as files a teacher hands out. The browser downloads each at once; the desktop asks where
// to write it in an "Export as" window, as Save As does. The bytes come from model/exports.
#pragma once

#include "lesson.h"
#include "model/exports.h"
#include "view_context.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace postino::viz {

class ExportMenu {
public:
    // The one Export menu of the window (the File menu and the frame reach it).
    static ExportMenu& instance();

    // Inside the File menu: the Export submenu for `lesson` (null or not loaded: nothing to export).
    void menu(const Lesson* lesson, const Selection& selection);
    // Every frame: the desktop's "Export as" window while an export waits for its path.
    void drawWindow(float scale);

private:
    // The browser downloads `file`; the desktop opens "Export as" with it.
    void start(ExportFile file);
    // The message the inspector showed last frame, made once per lesson, mail and copy.
    const std::optional<MessageExport>& shownMessage(const Lesson& lesson, const Selection& selection);

    struct MessageCache {
        std::uint64_t lesson = 0;  // Lesson::serial
        int carried = -1, copy = -1;
        std::optional<MessageExport> message;
    } m_message;
    ExportFile m_file;          // waiting for its path (desktop)
    bool m_show = false;        // open "Export as" this frame
    bool m_replace = false;     // the user agreed to replace the file at the path
    std::array<char, 1024> m_path{};
    std::string m_error;        // why the last try did not write, translated
};

}  // namespace postino::viz
