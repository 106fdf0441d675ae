// The compose path the viewer's window uses: a mail written at the playhead becomes a send
// action on the lesson document, the world simulated again delivers it, undo gives back the
// original trace byte for byte; bad input is refused with its reason and changes nothing.
// Also the document's undo/redo, dirty state and saving.
#include "model/compose.h"
#include "model/lesson_document.h"
#include "test_support.h"
#include "trace/trace_json.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

using namespace postino;
using namespace postino::viz;
using postino::testing::loadLesson;

namespace {

std::string traceJson(const LessonDocument& doc) {
    Simulation run = doc.simulate();
    REQUIRE(run.ok());
    std::ostringstream out;
    trace::writeTraceJson(out, run.world->trace());
    return out.str();
}

Time endOf(const LessonDocument& doc) {
    Simulation run = doc.simulate();
    REQUIRE(run.ok());
    Time end;
    for (const auto& e : run.world->trace().events) end = std::max(end, e.time);
    return end;
}

// The server mailbox records of `subject` arriving in `address`'s INBOX at the node `server`.
int deliveries(const LessonDocument& doc, const std::string& server, const std::string& address,
               const std::string& subject) {
    Simulation run = doc.simulate();
    REQUIRE(run.ok());
    const trace::Trace& t = run.world->trace();
    int count = 0;
    for (const auto& m : t.mailboxRecords)
        if (m.op == trace::MailboxRecord::Op::Added && t.nodes[m.node].id == server && m.mailbox == address &&
            m.folder == "INBOX" && m.subject == subject)
            ++count;
    return count;
}

}  // namespace

TEST_CASE("compose: a mail sent from the window is delivered, undo gives back the trace byte for byte", "[viz][compose]") {
    LessonDocument doc(loadLesson("02-cross-domain.json"));
    const std::string original = traceJson(doc);
    const Time end = endOf(doc);
    REQUIRE(end > Time::fromNanos(10'000'000'000));

    const auto accounts = lessonAccounts(doc.scenario());
    REQUIRE(accounts.size() == 1);
    CHECK(accounts[0].node == "alice-laptop");
    MailDraft draft;
    draft.from = accounts[0].address;
    draft.to = " Bob@Recipient.example ";
    draft.subject = "Pictures from the trip";
    draft.body = "Hi Bob,\nhere is the photo.\n";
    draft.attachment = 0;
    const ComposeResult r = sendMail(doc, draft, Time::fromNanos(10'500'000'400), end);
    INFO(r.detail);
    REQUIRE(r.ok());
    CHECK(r.at == Time::fromNanos(10'501'000'000));  // the next whole millisecond
    CHECK(doc.dirty());
    CHECK(doc.canUndo());
    CHECK(doc.undoName().kind == EditKind::AddAction);  // the Edit menu: "Undo: sending “Pictures…”"
    CHECK(doc.undoName().action == scenario::ActionType::Send);
    CHECK(doc.undoName().subject == "Pictures from the trip");
    REQUIRE(doc.scenario().actions.size() == 3);
    const scenario::Action& sent = doc.scenario().actions[1];  // between the mails at 1 s and 20 s
    CHECK(sent.type == scenario::ActionType::Send);
    CHECK(sent.node == "alice-laptop");
    CHECK(sent.to == std::vector<std::string>{"bob@recipient.example"});
    REQUIRE(sent.attachments.size() == 1);
    CHECK(sent.attachments[0].name == "holiday-photo.jpg");

    CHECK(deliveries(doc, "mail-recipient", "bob@recipient.example", "Pictures from the trip") == 1);
    CHECK(traceJson(doc) != original);

    // Saved, the edited lesson is a scenario file `postino validate` accepts, with the new mail in it.
    const std::string saved = (std::filesystem::temp_directory_path() / "postino-compose-sent.json").string();
    REQUIRE(doc.saveAs(saved).ok());
    CHECK_FALSE(doc.dirty());
    const auto validate = postino::testing::runCommand(std::string(POSTINO_BINARY) + " validate " + saved, true);
    INFO(validate.output);
    CHECK(validate.status == 0);
    CHECK(postino::testing::readFile(saved).find("\"subject\": \"Pictures from the trip\"") != std::string::npos);

    REQUIRE(doc.undo());
    CHECK(doc.dirty());  // the file has the mail, the lesson on screen no longer
    CHECK(traceJson(doc) == original);
    REQUIRE(doc.redo());
    CHECK(deliveries(doc, "mail-recipient", "bob@recipient.example", "Pictures from the trip") == 1);
}

TEST_CASE("compose: bad input is refused with its reason and changes nothing", "[viz][compose]") {
    LessonDocument doc(loadLesson("02-cross-domain.json"));
    const scenario::Scenario before = doc.scenario();
    const Time end = Time::fromNanos(60'000'000'000);
    const Time now = Time::fromNanos(5'000'000'000);
    MailDraft good;
    good.from = "alice@sender.example";
    good.to = "bob@recipient.example";
    good.subject = "Hi";

    auto refused = [&](MailDraft d, Time at, ComposeProblem expected, const std::string& detail) {
        const ComposeResult r = sendMail(doc, d, at, end);
        CHECK(r.problem == expected);
        CHECK(r.detail == detail);
        CHECK(doc.scenario() == before);
        CHECK_FALSE(doc.canUndo());
        CHECK_FALSE(doc.dirty());
    };
    MailDraft d = good;
    d.to = "bob@recipient.example, not an address";
    refused(d, now, ComposeProblem::BadAddress, "not");
    d.to = "bob@";
    refused(d, now, ComposeProblem::BadAddress, "bob@");
    d.to = " , ; ";
    refused(d, now, ComposeProblem::NoRecipient, "");
    d = good;
    d.from = "mallory@sender.example";
    refused(d, now, ComposeProblem::UnknownSender, "mallory@sender.example");
    d.from = "";
    refused(d, now, ComposeProblem::NoSender, "");
    d = good;
    d.node = "mail-sender";  // the address, but not on that device
    refused(d, now, ComposeProblem::UnknownSender, "alice@sender.example");
    refused(good, end + Duration::millis(1), ComposeProblem::PastEnd, "60.000");
    d = good;
    d.subject = std::string(901, 's');
    refused(d, now, ComposeProblem::SubjectTooLong, "");
}

TEST_CASE("compose: a mail to an address no server has is still sent, and bounces", "[viz][compose]") {
    LessonDocument doc(loadLesson("02-cross-domain.json"));
    MailDraft d;
    d.from = "alice@sender.example";
    d.to = "carol@recipient.example";
    d.subject = "Lost";
    REQUIRE(sendMail(doc, d, Time::fromNanos(3'000'000'000), Time::fromNanos(60'000'000'000)).ok());
    CHECK(deliveries(doc, "mail-sender", "alice@sender.example", "Undelivered Mail Returned to Sender") == 1);
}

TEST_CASE("compose: check mail, read, flag, move and delete on a device", "[viz][compose]") {
    LessonDocument doc(loadLesson("05-imap-two-devices.json"));
    const Time end = Time::fromNanos(600'000'000'000);
    const auto accounts = lessonAccounts(doc.scenario());
    const LessonAccount* imap = nullptr;
    for (const auto& a : accounts)
        if (a.incoming == scenario::IncomingProtocol::Imap && !a.browser) imap = &a;
    REQUIRE(imap);
    const std::size_t actions = doc.scenario().actions.size();
    DeviceRequest move;
    move.what = DeviceDo::Move;
    move.node = imap->node;
    move.account = imap->address;
    move.subject = "a";
    ComposeResult r = doOnDevice(doc, move, Time::fromNanos(1'000'000), end);
    CHECK(r.problem == ComposeProblem::NoFolder);
    move.toFolder = "Archive";
    r = doOnDevice(doc, move, Time::fromNanos(1'000'000), end);
    REQUIRE(r.ok());
    DeviceRequest check;
    check.node = imap->node;
    check.account = imap->address;
    REQUIRE(doOnDevice(doc, check, Time::fromNanos(2'000'000), end).ok());
    CHECK(doc.scenario().actions.size() == actions + 2);
    const auto& first = doc.scenario().actions[0];
    CHECK(first.type == scenario::ActionType::Move);
    CHECK(first.toFolder == "Archive");
    CHECK(first.node == imap->node);
    CHECK(doc.simulate().ok());

    // POP3 accounts cannot flag; the loader's rule, said before anything changes.
    LessonDocument pop(loadLesson("04-pop3-two-devices.json"));
    const auto popAccounts = lessonAccounts(pop.scenario());
    REQUIRE_FALSE(popAccounts.empty());
    DeviceRequest flag;
    flag.what = DeviceDo::Flag;
    flag.account = popAccounts[0].address;
    flag.subject = "x";
    r = doOnDevice(pop, flag, Time::zero(), end);
    CHECK(r.problem == ComposeProblem::NeedsImap);
    CHECK_FALSE(pop.canUndo());
}

TEST_CASE("lesson document: undo, redo, dirty state and saving", "[viz][compose]") {
    LessonDocument doc(loadLesson("02-cross-domain.json"));
    const scenario::Scenario original = doc.scenario();
    CHECK_FALSE(doc.dirty());
    CHECK_FALSE(doc.undo());
    doc.execute(std::make_unique<RemoveActionCommand>(1));
    CHECK(doc.scenario().actions.size() == 1);
    CHECK(doc.dirty());
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "postino-document-test";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "edited.json").string();
    REQUIRE(doc.saveAs(path).ok());
    CHECK(doc.path() == path);
    CHECK_FALSE(doc.dirty());
    REQUIRE(doc.undo());
    CHECK(doc.dirty());  // differs from the saved file now
    CHECK(doc.scenario().actions == original.actions);
    REQUIRE(doc.redo());
    CHECK_FALSE(doc.dirty());
    auto reread = scenario::loadScenarioFile(path);
    REQUIRE(reread.ok());
    CHECK(reread.scenario->actions == doc.scenario().actions);

    // A new edit after undoing past the saved state: that state cannot come back by redo.
    REQUIRE(doc.undo());
    doc.execute(std::make_unique<RemoveActionCommand>(0));
    CHECK(doc.dirty());
    CHECK_FALSE(doc.canRedo());

    // A document the loader would refuse is not written, and says where and why.
    scenario::Scenario broken = original;
    broken.links.clear();
    LessonDocument bad(broken);
    const std::string badPath = (dir / "broken.json").string();
    std::filesystem::remove(badPath);
    const auto saved = bad.saveAs(badPath);
    REQUIRE_FALSE(saved.ok());
    CHECK(saved.errors.front().format().find("cannot be reached") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(badPath));
    CHECK(bad.dirty() == false);  // nothing was edited; only the save failed
    CHECK_FALSE(bad.validate().empty());
}

TEST_CASE("compose: an action the loader would refuse is not added, and the loader says why", "[viz][compose]") {
    scenario::Scenario full = loadLesson("02-cross-domain.json");
    // As many actions as a scenario may have: one more is refused by the loader.
    while (full.actions.size() < 2000) full.actions.push_back(full.actions.back());
    LessonDocument doc(full);
    MailDraft d;
    d.from = "alice@sender.example";
    d.to = "bob@recipient.example";
    const ComposeResult r = sendMail(doc, d, Time::fromNanos(30'000'000'000), Time::fromNanos(60'000'000'000));
    CHECK(r.problem == ComposeProblem::Refused);
    REQUIRE_FALSE(r.errors.empty());
    CHECK(r.errors.front().message.find("too many actions") != std::string::npos);
    CHECK(doc.scenario().actions.size() == 2000);
    CHECK_FALSE(doc.canUndo());
}

TEST_CASE("compose: the addresses the window offers are the lesson's mailboxes", "[viz][compose]") {
    CHECK(lessonMailboxes(loadLesson("02-cross-domain.json")) ==
          std::vector<std::string>{"alice@sender.example", "bob@recipient.example"});
    const auto shared = lessonMailboxes(loadLesson("06-imap-shared-mailbox.json"));
    CHECK(std::find(shared.begin(), shared.end(), "info@shop.example") != shared.end());
}

TEST_CASE("compose: a browser sends through the webmail, without attachments", "[viz][compose]") {
    LessonDocument doc(loadLesson("07-webmail.json"));
    const Time end = Time::fromNanos(600'000'000'000);
    MailDraft d;
    d.node = "bob-browser";
    d.from = "bob@recipient.example";
    d.to = "alice@sender.example";
    d.subject = "Answer from the browser";
    d.attachment = 1;
    ComposeResult r = sendMail(doc, d, Time::fromNanos(30'000'000'000), end);
    CHECK(r.problem == ComposeProblem::BrowserAttachment);
    CHECK_FALSE(doc.canUndo());
    d.attachment = -1;
    r = sendMail(doc, d, Time::fromNanos(30'000'000'000), end);
    REQUIRE(r.ok());
    CHECK(deliveries(doc, "mail-sender", "alice@sender.example", "Answer from the browser") == 1);
    // The browser cannot flag: the webmail's pages have no such button.
    DeviceRequest flag;
    flag.what = DeviceDo::Flag;
    flag.node = "bob-browser";
    flag.account = "bob@recipient.example";
    flag.subject = "Hello";
    CHECK(doOnDevice(doc, flag, Time::fromNanos(40'000'000'000), end).problem == ComposeProblem::BrowserCannot);
}

namespace {
// A command that records a value and takes the next of its kind into itself, like one drag.
struct SetSeed final : EditCommand {
    std::uint64_t from = 0, to = 0;
    explicit SetSeed(std::uint64_t value) : to(value) {}
    void apply(scenario::Scenario& s) override { from = s.seed, s.seed = to; }
    void revert(scenario::Scenario& s) override { s.seed = from; }
    bool absorb(EditCommand& next) override {
        auto* other = dynamic_cast<SetSeed*>(&next);
        if (!other) return false;
        to = other->to;
        return true;
    }
};
}  // namespace

TEST_CASE("lesson document: a command can take the next into itself, never past a save", "[viz][compose]") {
    LessonDocument doc(loadLesson("02-cross-domain.json"));
    const std::uint64_t seed = doc.scenario().seed;
    doc.execute(std::make_unique<SetSeed>(10));
    doc.execute(std::make_unique<SetSeed>(11));
    doc.execute(std::make_unique<SetSeed>(12));
    CHECK(doc.scenario().seed == 12);
    REQUIRE(doc.undo());  // one undo reverts the whole run
    CHECK(doc.scenario().seed == seed);
    CHECK_FALSE(doc.canUndo());
    REQUIRE(doc.redo());
    CHECK(doc.scenario().seed == 12);

    const std::string path = (std::filesystem::temp_directory_path() / "postino-absorb.json").string();
    REQUIRE(doc.saveAs(path).ok());
    doc.execute(std::make_unique<SetSeed>(13));  // not absorbed: the saved state must stay reachable
    CHECK(doc.dirty());
    REQUIRE(doc.undo());
    CHECK_FALSE(doc.dirty());
    CHECK(doc.scenario().seed == 12);
}

TEST_CASE("compose: a forged mail from lesson 15's forger is refused by DMARC, a bad forged From: by the loader",
          "[viz][compose]") {
    LessonDocument doc(loadLesson("15-forged-sender.json"));
    const Time end = endOf(doc);
    MailDraft d;
    d.node = "forger-pc";
    d.from = "crook@forger.example";
    d.to = "bob@recipient.example";
    d.subject = "Your card, again";
    d.fromHeader = "Your Bank <security@bank.example>";
    d.mailFrom = "Security@Bank.example";
    const Time at = Time::fromNanos(25'000'000'000);
    ComposeResult r = sendMail(doc, d, at, end);
    REQUIRE(r.ok());
    const auto& actions = doc.scenario().actions;
    const auto added = std::find_if(actions.begin(), actions.end(), [&](const scenario::Action& a) {
        return a.type == scenario::ActionType::Send && a.at == r.at;
    });
    REQUIRE(added != actions.end());
    CHECK(added->fromHeader == "Your Bank <security@bank.example>");
    CHECK(added->mailFrom == "security@bank.example");
    // The world run again: the envelope is the bank's, so SPF fails and DMARC refuses it.
    Simulation run = doc.simulate();
    REQUIRE(run.ok());
    int refused = 0;
    for (const auto& l : run.world->trace().lines)
        refused += l.text == "550 5.7.1 rejected by DMARC policy for bank.example";
    CHECK(refused == 2);  // the lesson's own forgery and this one
    REQUIRE(doc.canUndo());
    doc.undo();

    // A From: the loader cannot take, and an envelope that is not an address.
    d.fromHeader = "Your Bank <security>";
    d.mailFrom.clear();
    r = sendMail(doc, d, at, end);
    CHECK(r.problem == ComposeProblem::Refused);
    REQUIRE_FALSE(r.errors.empty());
    CHECK(r.errors.front().message.rfind("expected a From: header like", 0) == 0);
    d.fromHeader.clear();
    d.mailFrom = "bank";
    r = sendMail(doc, d, at, end);
    CHECK(r.problem == ComposeProblem::BadAddress);
    CHECK(r.detail == "bank");
    CHECK_FALSE(doc.canUndo());
}

TEST_CASE("compose: check mail in a folder on a device", "[viz][compose]") {
    LessonDocument doc(loadLesson("15-forged-sender.json"));
    DeviceRequest junk;
    junk.what = DeviceDo::CheckMail;
    junk.node = "bob-laptop";
    junk.account = "bob@recipient.example";
    junk.folder = "Junk";
    const ComposeResult r = doOnDevice(doc, junk, Time::fromNanos(32'000'000'000), endOf(doc));
    REQUIRE(r.ok());
    bool found = false;
    for (const auto& a : doc.scenario().actions)
        found |= a.type == scenario::ActionType::CheckMail && a.folder == "Junk" && a.at == r.at;
    CHECK(found);
}
