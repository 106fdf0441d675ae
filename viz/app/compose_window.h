// The "Write a mail" window: a mail from one of the lesson's accounts (to any addresses, a
// subject, a text, a bundled attachment) or a thing done on a device (check mail, read, flag,
// move, delete), sent at the playhead through model/compose, the path the tests drive. It
// draws and translates; every check and change is the model's.
#pragma once

#include "lesson.h"
#include "model/compose.h"

#include <array>
#include <string>
#include <vector>

namespace postino::viz {

class ComposeWindow {
public:
    enum class Tab { Mail, Device };
    void open(Tab tab = Tab::Mail);
    bool isOpen() const { return m_open; }
    // Draws the window while open; true when it changed the document (simulate it again).
    bool draw(LessonDocument& doc, const Lesson& lesson, Time playhead, Time end, float scale);
    // A new lesson: forget the choices that named its accounts.
    void reset();

private:
    bool drawMail(LessonDocument& doc, const Lesson& lesson, Time playhead, Time end, float labelW);
    bool drawDevice(LessonDocument& doc, const Lesson& lesson, Time playhead, Time end, float labelW);
    void drawProblem() const;
    // The account combo: "alice@sender.example · Alice's laptop".
    void accountCombo(const char* id, const std::vector<LessonAccount>& accounts, const Lesson& lesson, int& chosen);

    bool m_open = false;
    bool m_focus = false;
    bool m_selectTab = false;
    Tab m_tab = Tab::Mail;
    int m_from = 0;
    int m_account = 0;
    int m_attachment = -1;
    int m_deviceDo = 0;
    std::array<char, 512> m_to{};
    std::array<char, 256> m_subject{};
    std::array<char, 4096> m_body{};
    std::array<char, 256> m_message{};
    std::array<char, 128> m_folder{};       // move: where to
    std::array<char, 128> m_inFolder{};     // the device action's folder (empty: INBOX)
    std::array<char, 256> m_fromHeader{};   // a forged From: (empty: the account)
    std::array<char, 256> m_mailFrom{};     // a forged envelope sender (empty: the account)
    ComposeResult m_last;  // the last refusal, shown until the next try
};

}  // namespace postino::viz
