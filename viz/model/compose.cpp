// Draft and device request -> checked scenario action -> an undoable command on the document.
#include "model/compose.h"

#include "scenario/name_syntax.h"

#include <fmt/format.h>

#include <optional>

namespace postino::viz {

using scenario::ActionType;
using scenario::IncomingProtocol;

std::vector<LessonAccount> lessonAccounts(const scenario::Scenario& s) {
    std::vector<LessonAccount> out;
    for (const auto& n : s.nodes) {
        if (n.type != scenario::NodeType::Client && n.type != scenario::NodeType::Browser) continue;
        for (const auto& a : n.accounts)
            out.push_back({n.id, a.address, n.type == scenario::NodeType::Browser, a.incoming});
    }
    return out;
}

std::vector<std::string> lessonMailboxes(const scenario::Scenario& s) {
    std::vector<std::string> out;
    for (const auto& n : s.nodes) {
        for (const auto& u : n.users) out.push_back(u.address);
        for (const auto& b : n.sharedMailboxes) out.push_back(b.address);
    }
    return out;
}

std::span<const BundledAttachment> bundledAttachments() {
    // Sizes a class can watch: the text fits in one packet, the photo takes a few hundred.
    static const BundledAttachment kFiles[] = {
        {"holiday-photo.jpg", "image/jpeg", 180'000},
        {"timetable.pdf", "application/pdf", 60'000},
        {"marks.ods", "application/vnd.oasis.opendocument.spreadsheet", 14'000},
        {"notes.txt", "text/plain", 1'200},
    };
    return kFiles;
}

namespace {

ComposeResult problem(ComposeProblem p, std::string detail = {}) {
    ComposeResult r;
    r.problem = p;
    r.detail = std::move(detail);
    return r;
}

// The moment the action happens: the playhead rounded up to the next whole millisecond.
ComposeResult checkTime(Time playhead, Time end) {
    if (playhead < Time::zero()) return problem(ComposeProblem::BeforeStart);
    if (playhead > end) return problem(ComposeProblem::PastEnd, fmt::format("{:.3f}", end.toSeconds()));
    ComposeResult r;
    const std::int64_t ms = 1'000'000;
    r.at = Time::fromNanos((playhead.ns() + ms - 1) / ms * ms);
    return r;
}

const LessonAccount* findAccount(const std::vector<LessonAccount>& accounts, const std::string& node,
                                 const std::string& address) {
    for (const auto& a : accounts)
        if (a.address == address && (node.empty() || a.node == node)) return &a;
    return nullptr;
}

// Commas, semicolons and white space separate addresses; an empty piece is skipped.
std::vector<std::string> splitAddresses(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text) {
        if (c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!current.empty()) out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) out.push_back(current);
    return out;
}

// Adds the action on a copy first: only what the loader accepts reaches the document.
ComposeResult addChecked(LessonDocument& doc, scenario::Action action, ComposeResult result) {
    auto command = std::make_unique<AddActionCommand>(std::move(action));
    scenario::Scenario trial = doc.scenario();
    command->apply(trial);
    scenario::LoadResult check = scenario::loadScenarioText(scenario::writeScenarioText(trial), doc.path());
    if (!check.ok()) {
        result.problem = ComposeProblem::Refused;
        result.errors = std::move(check.errors);
        return result;
    }
    doc.execute(std::move(command));
    return result;
}

}  // namespace

ComposeResult makeSend(const scenario::Scenario& s, const MailDraft& draft, Time playhead, Time end,
                       scenario::Action& out) {
    if (draft.from.empty()) return problem(ComposeProblem::NoSender);
    const auto accounts = lessonAccounts(s);
    const LessonAccount* sender = findAccount(accounts, draft.node, draft.from);
    if (!sender) return problem(ComposeProblem::UnknownSender, draft.from);
    const auto pieces = splitAddresses(draft.to);
    if (pieces.empty()) return problem(ComposeProblem::NoRecipient);
    if (pieces.size() > kMaxRecipients) return problem(ComposeProblem::TooManyRecipients, std::to_string(pieces.size()));
    std::vector<std::string> to;
    for (const auto& piece : pieces) {
        auto address = scenario::normalizeMailAddress(piece);
        if (!address) return problem(ComposeProblem::BadAddress, piece);
        to.push_back(*address);
    }
    std::optional<std::string> mailFrom;
    if (!draft.mailFrom.empty()) {
        mailFrom = scenario::normalizeMailAddress(draft.mailFrom);
        if (!mailFrom) return problem(ComposeProblem::BadAddress, draft.mailFrom);
    }
    if (draft.subject.size() > 900) return problem(ComposeProblem::SubjectTooLong);
    const auto files = bundledAttachments();
    const bool attaching = draft.attachment >= 0 && static_cast<std::size_t>(draft.attachment) < files.size();
    if (attaching && sender->browser) return problem(ComposeProblem::BrowserAttachment, sender->node);
    ComposeResult r = checkTime(playhead, end);
    if (!r.ok()) return r;
    out = scenario::Action{};
    out.type = ActionType::Send;
    out.at = r.at;
    out.node = sender->node;
    out.from = sender->address;
    out.to = std::move(to);
    // A subject is one line: line breaks typed into it become spaces.
    for (char c : draft.subject) out.subject += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    out.body = draft.body;
    out.fromHeader = draft.fromHeader;  // the loader checks its form (addChecked), with a located message
    if (mailFrom) out.mailFrom = *mailFrom;
    if (attaching) {
        const BundledAttachment& f = files[static_cast<std::size_t>(draft.attachment)];
        out.attachments.push_back({f.name, f.contentType, f.size});
    }
    return r;
}

ComposeResult makeDeviceAction(const scenario::Scenario& s, const DeviceRequest& request, Time playhead, Time end,
                               scenario::Action& out) {
    if (request.account.empty()) return problem(ComposeProblem::NoSender);
    const auto accounts = lessonAccounts(s);
    const LessonAccount* account = findAccount(accounts, request.node, request.account);
    if (!account) return problem(ComposeProblem::UnknownSender, request.account);
    const bool onMessage = request.what != DeviceDo::CheckMail;
    if (account->browser && (request.what == DeviceDo::Flag || request.what == DeviceDo::Move))
        return problem(ComposeProblem::BrowserCannot, account->node);
    if (!account->browser) {
        if (onMessage && account->incoming != IncomingProtocol::Imap)
            return problem(ComposeProblem::NeedsImap, account->address);
        if (account->incoming == IncomingProtocol::None) return problem(ComposeProblem::NoIncoming, account->address);
    }
    if (onMessage && request.subject.empty()) return problem(ComposeProblem::NoSubject);
    if (request.what == DeviceDo::Move && request.toFolder.empty()) return problem(ComposeProblem::NoFolder);
    ComposeResult r = checkTime(playhead, end);
    if (!r.ok()) return r;
    static const ActionType kTypes[] = {ActionType::CheckMail, ActionType::Read, ActionType::Flag, ActionType::Move,
                                        ActionType::Delete};
    out = scenario::Action{};
    out.type = kTypes[static_cast<int>(request.what)];
    out.at = r.at;
    out.node = account->node;
    out.from = account->address;
    out.folder = request.folder.empty() ? "INBOX" : request.folder;
    if (onMessage) {
        out.subject = request.subject;
        if (request.what == DeviceDo::Move) out.toFolder = request.toFolder;
    }
    return r;
}

ComposeResult sendMail(LessonDocument& doc, const MailDraft& draft, Time playhead, Time end) {
    scenario::Action action;
    ComposeResult r = makeSend(doc.scenario(), draft, playhead, end, action);
    return r.ok() ? addChecked(doc, std::move(action), std::move(r)) : r;
}

ComposeResult doOnDevice(LessonDocument& doc, const DeviceRequest& request, Time playhead, Time end) {
    scenario::Action action;
    ComposeResult r = makeDeviceAction(doc.scenario(), request, playhead, end, action);
    return r.ok() ? addChecked(doc, std::move(action), std::move(r)) : r;
}

}  // namespace postino::viz
