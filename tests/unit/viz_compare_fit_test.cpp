// The Compare tab's short forms and which one it takes: on lesson 12 at 1024 x 768 one line per
// place with a mark per message, each mail's mark at the same place on the server and on each
// device; at 1600 x 900 the subjects' first words; on a tall tab the whole lists.
#include "test_support.h"

#include "model/compare_fit.h"
#include "model/compare_items.h"
#include "model/mailbox_compare.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace postino;
using namespace postino::viz;

namespace {

struct Lesson12 {
    Lesson12() : scenario(testing::loadLesson("12-pop3-vs-imap.json")), world(scenario) { world.run(); }
    std::vector<CompareColumn> at(double seconds) const {
        return compareAt(scenario, world.trace(), Time::fromNanos(static_cast<std::int64_t>(seconds * 1e9)));
    }
    const CompareHolder& holder(const std::vector<CompareColumn>& cols, const char* account, const char* id) const {
        const auto c = std::find_if(cols.begin(), cols.end(), [&](const CompareColumn& x) { return x.account == account; });
        REQUIRE(c != cols.end());
        const auto h = std::find_if(c->holders.begin(), c->holders.end(),
                                    [&](const CompareHolder& x) { return world.trace().nodes[x.node].id == id; });
        REQUIRE(h != c->holders.end());
        return *h;
    }
    scenario::Scenario scenario;
    world::World world;
};

// DejaVu Sans at 17 px is about 9.4 px a character, its bold 1.15 times that.
float textWidth(std::string_view text, bool bold) {
    const auto points = std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    return static_cast<float>(points) * 9.4f * (bold ? 1.15f : 1.0f);
}

// The room the tab measured for lesson 12's three columns, in English.
CompareRoom roomOf(float height, float columnWidth) {
    CompareRoom r;
    r.height = height;
    r.columnWidth = columnWidth;
    r.fontSize = 17;
    r.lineSpacing = 6;
    r.gap = 10.2f;
    r.indent = 6;
    r.markWidth = 15;
    r.listsScale = 1;
    r.smallScale = 0.8f;
    return r;
}

// The panel's measures: the widths above, the short names, the notes in English.
CompareMeasure measureOf(const Lesson12& l) {
    return {textWidth,
            [&l](const CompareColumn& c, const CompareHolder& h) {
                return h.server ? std::string("server") : shortPlaceName(l.world.trace().nodes[h.node].id, c.account);
            },
            [](CompareNote n) {
                return std::string(n == CompareNote::NotChecked ? "not checked yet" : n == CompareNote::Empty ? "empty" : "");
            },
            "(no subject)",
            [](const CompareColumn& c) {
                std::string out;
                for (Reader r : c.readers)
                    if (r == Reader::Pop3) out += "download and delete";
                    else if (r == Reader::Pop3Keep) out += "leaves a copy on the server";
                return out;
            }};
}

std::vector<std::string> texts(const std::vector<CompareItem>& items) {
    std::vector<std::string> out;
    for (const auto& it : items) out.push_back(it.text);
    return out;
}

}  // namespace

TEST_CASE("compare fit: items flow along lines, a new line when the next does not fit", "[viz][compare-fit]") {
    CHECK(flowLines(std::vector<float>{}, 5, 100) == 0);
    CHECK(flowLines(std::vector<float>{30, 30, 30}, 5, 100) == 1);  // 30 + 5 + 30 + 5 + 30 = 100: exactly full
    CHECK(flowLines(std::vector<float>{30, 30, 31}, 5, 100) == 2);
    CHECK(flowLines(std::vector<float>{150, 10}, 5, 100) == 2);     // too wide alone: a line of its own
    CHECK(flowLines(std::vector<float>{10, 150, 10}, 5, 100) == 3);
}

TEST_CASE("compare fit: lesson 12 takes one line per place at 1024x768, the words at 1600x900", "[viz][compare-fit]") {
    const Lesson12 l;
    const CompareMeasure m = measureOf(l);
    for (const double t : {6.0, 12.0, 19.0, 30.0}) {
        INFO(t << " s");
        const auto cols = l.at(t);
        // 1024 x 768: 143 px for the table, three columns 199 px wide.
        const CompareRoom small = roomOf(143.1f, 199);
        const CompareFit fit = fitCompare(cols, small, m);
        // How Bob and Carol read, under their tags: Carol's "leaves a copy on the server" takes two lines.
        CHECK(fit.form == CompareForm::Marks);
        CHECK(fit.readsLine);
        // At 6 s "not checked yet" takes two lines after each device's name down to 95 %: 90 %.
        CHECK(fit.scale == Approx(t >= 12 ? 1.0f : 0.9f));
        if (t >= 12) CHECK(marksLines(cols[1], small, 1.0f, m, true) == 1 + 2 + 3);
        for (const auto& c : cols) {
            CHECK(static_cast<float>(marksLines(c, small, 1.0f, m)) * small.lineAt(1) <= small.height);
            // A line per place once every device has looked (before, "not checked yet" takes two).
            if (t >= 12) CHECK(marksLines(c, small, 1.0f, m) == 1 + c.holders.size());
        }
        // 1600 x 900: the first words fit, the whole lists do not.
        const CompareFit wide = fitCompare(cols, roomOf(303.5f, 336.3f), m);
        if (t >= 12) CHECK(wide == CompareFit{CompareForm::Words, 0.8f});
        // A tall tab: every subject on its line.
        CHECK(fitCompare(cols, roomOf(600, 336.3f), m) == CompareFit{CompareForm::Lists, 1.0f});
    }
    // Too low even for a line per place at full size: the marks as large as they fit. At 6 s
    // "not checked yet" wraps after "laptop" and "phone" at full size (six lines), after
    // "laptop" at 95 % (five lines, 111 px), after neither at 90 % (four lines).
    // Less room: how each is read at 90 % (six lines of 21.3 px), then no room to say how.
    const CompareFit tighter = fitCompare(l.at(19), roomOf(130, 199), m);
    CHECK(tighter.readsLine);
    CHECK(tighter.scale == Approx(0.9f));
    CHECK(fitCompare(l.at(19), roomOf(120, 199), m) == CompareFit{CompareForm::Marks, 1.0f, false});
    const CompareFit lower = fitCompare(l.at(6), roomOf(105, 199), m);
    CHECK(lower.form == CompareForm::Marks);
    CHECK(lower.scale == Approx(0.9f));
    CHECK(fitCompare(l.at(19), roomOf(60, 199), m) == CompareFit{CompareForm::Marks, 0.8f});
}

TEST_CASE("compare fit: marks that do not fit beside the name go on under it", "[viz][compare-fit]") {
    const Lesson12 l;
    const auto cols = l.at(19);
    const CompareColumn& dana = cols[2];
    REQUIRE(dana.account == "dana@recipient.example");
    // 120 - 75.1 ("server" in bold and the gap) = 44.9: two marks (15 + 10.2 + 15) a line.
    CompareRoom narrow = roomOf(143, 120);
    const CompareMeasure m = measureOf(l);
    CHECK(marksNameWidth(dana, narrow, m) == Approx(textWidth("server", true) + 10.2f));  // its widest name
    CHECK(marksLines(dana, narrow, 1.0f, m) == 1 + 3 * 2);
    CHECK(wordsLines(dana, roomOf(143, 199), 0.8f, m) > 1 + 3 * 2);  // names and words need more
    // A place that shows no mark: its note after its own name, wrapped at spaces.
    const CompareColumn& bob = cols[0];
    CHECK(marksLines(bob, roomOf(143, 199), 1.0f, m) == 4);   // "phone  empty"
    CompareMeasure greek = m;
    greek.note = [](CompareNote) { return std::string("κανένα μήνυμα"); };
    CHECK(marksLines(bob, roomOf(143, 145), 1.0f, greek) == 5);  // after "phone" 81 px are left: two lines
}

TEST_CASE("compare marks: a mail's mark stands at the same place on the server and each device", "[viz][compare-fit]") {
    const Lesson12 l;
    const auto end = l.at(30);
    // Dana (IMAP): "Meeting on Friday" moved to Work, "Agenda" read, "Cake in the kitchen"
    // deleted; in the order they arrived, everywhere, though the server lists present ones first.
    for (const char* id : {"mail-recipient", "dana-laptop", "dana-phone"}) {
        INFO(id);
        const auto marks = compareMarks(l.holder(end, "dana@recipient.example", id));
        REQUIRE(marks.size() == 3);
        CHECK(marks[0].text == "→");
        CHECK(marks[0].tone == CompareTone::Moved);
        CHECK(marks[0].message->subject == "Meeting on Friday");
        CHECK(marks[1].text == "○");
        CHECK(marks[1].tone == CompareTone::Text);
        CHECK_FALSE(marks[1].bold);
        CHECK(marks[2].tone == CompareTone::Deleted);
        CHECK(marks[2].strike);
        CHECK(marks[2].message->subject == "Cake in the kitchen");
    }
    // Bob (POP3): the server's three taken off by the laptop, which holds them unread.
    CHECK(texts(compareMarks(l.holder(end, "bob@recipient.example", "mail-recipient"))) ==
          std::vector<std::string>{"⇩", "⇩", "⇩"});
    const auto laptop = compareMarks(l.holder(end, "bob@recipient.example", "bob-laptop"));
    CHECK(texts(laptop) == std::vector<std::string>{"●", "●", "●"});
    CHECK(std::all_of(laptop.begin(), laptop.end(), [](const CompareItem& m) { return m.bold && !m.strike; }));
    CHECK(compareMarks(l.holder(end, "bob@recipient.example", "bob-phone")).empty());
    // New: green just after Dana's phone first synchronised (12 s), the read one hollow.
    const auto phone = compareMarks(l.holder(l.at(12), "dana@recipient.example", "dana-phone"));
    REQUIRE(phone.size() == 3);
    CHECK(texts(phone) == std::vector<std::string>{"●", "○", "●"});
    for (const auto& m : phone) CHECK(m.tone == CompareTone::Fresh);
}

TEST_CASE("compare words: each message's first word with its mark, a folder's name before it", "[viz][compare-fit]") {
    CHECK(compareWord("Meeting on Friday") == "Meeting…");
    CHECK(compareWord("Agenda") == "Agenda");
    CHECK(compareWord("Supercalifragilistic") == "Supercalifra…");  // 12 characters at most
    CHECK(compareWord("Συνάντηση την Παρασκευή") == "Συνάντηση…");  // whole UTF-8 characters
    CHECK(compareWord("Καλημεροκαληνύχτα") == "Καλημεροκαλη…");
    const Lesson12 l;
    const auto end = l.at(30);
    CHECK(texts(compareWords(l.holder(end, "dana@recipient.example", "mail-recipient"), "")) ==
          std::vector<std::string>{"Agenda", "→ Work: Meeting…", "Cake…"});
    CHECK(texts(compareWords(l.holder(end, "bob@recipient.example", "bob-laptop"), "")) ==
          std::vector<std::string>{"● Meeting…", "● Agenda", "● Cake…"});
    // A folder after INBOX is named before its messages.
    CompareHolder h;
    h.messages = {{"Hello", "INBOX"}, {"Trip plans", "Trips"}, {"", "Trips"}};
    CHECK(texts(compareWords(h, "(no subject)")) == std::vector<std::string>{"● Hello", "Trips:", "● Trip…", "● (no…"});
    CHECK(texts(compareMarks(h)) == std::vector<std::string>{"●", "Trips:", "●", "●"});
}

TEST_CASE("compare: a device's short name drops its account's user", "[viz][compare-fit]") {
    CHECK(shortPlaceName("bob-laptop", "bob@recipient.example") == "laptop");
    CHECK(shortPlaceName("phone-dana", "dana@recipient.example") == "phone");
    CHECK(shortPlaceName("anna_tablet", "anna@example.com") == "tablet");
    CHECK(shortPlaceName("anna-laptop", "info@example.com") == "anna-laptop");  // a shared mailbox: whose laptop
    CHECK(shortPlaceName("bobby-phone", "bob@recipient.example") == "bobby-phone");
    CHECK(shortPlaceName("bob", "bob@recipient.example") == "bob");
    CHECK(shortPlaceName("bob-", "bob@recipient.example") == "bob-");
}

TEST_CASE("compare: what a place that shows no message says", "[viz][compare-fit]") {
    const Lesson12 l;
    const auto start = l.at(0), end = l.at(30);
    CHECK(compareNote(l.holder(start, "bob@recipient.example", "mail-recipient")) == CompareNote::Empty);
    CHECK(compareNote(l.holder(start, "bob@recipient.example", "bob-phone")) == CompareNote::NotChecked);
    CHECK(compareNote(l.holder(end, "bob@recipient.example", "bob-phone")) == CompareNote::Empty);  // looked, found nothing
    CHECK(compareNote(l.holder(end, "bob@recipient.example", "bob-laptop")) == CompareNote::None);
    CHECK(compareNote(l.holder(end, "bob@recipient.example", "mail-recipient")) == CompareNote::None);  // its ⇩ marks
    CompareHolder browser;
    browser.reader = Reader::Web;
    browser.seen = true;
    CHECK(compareNote(browser) == CompareNote::HoldsNothing);
}

TEST_CASE("compare marks: a POP3 phone's one mail stands under the server's mark for it", "[viz][compare-fit]") {
    // Lesson 04: the laptop downloads the first two mails, the phone later only the third; each
    // device numbers its own copies from 1, so by UID alone the phone's would stand first.
    const scenario::Scenario sc = testing::loadLesson("04-pop3-two-devices.json");
    world::World w(sc);
    w.run();
    const auto cols = compareAt(sc, w.trace(), Time::fromNanos(std::int64_t{100'000'000'000}));
    REQUIRE(cols.size() == 1);
    REQUIRE(cols[0].holders.size() == 3);
    const auto rows = compareMarkRows(cols[0]);
    REQUIRE(rows.size() == 3);
    CHECK(texts(rows[0]) == std::vector<std::string>{"⇩", "⇩", "⇩"});
    CHECK(texts(rows[1]) == std::vector<std::string>{"●", "●"});  // no blank after its last mark
    REQUIRE(texts(rows[2]) == std::vector<std::string>{"", "", "●"});
    CHECK(rows[2][0].message == nullptr);
    CHECK(rows[2][2].message->subject == rows[0][2].message->subject);
    CHECK(rows[1][1].message->subject == rows[0][1].message->subject);
    // Lesson 12: every place already in the server's order; Dana's other folders follow unaligned.
    const Lesson12 l;
    for (const auto& c : l.at(30)) {
        const auto aligned = compareMarkRows(c);
        for (std::size_t h = 0; h < c.holders.size(); ++h) CHECK(texts(aligned[h]) == texts(compareMarks(c.holders[h])));
    }
}
