#include "trace/mail_places.h"

#include "mail/encoded_words.h"
#include "mail/header_fields.h"

#include <utility>

namespace postino::trace {

std::string_view mailPlaceName(MailPlace p) {
    switch (p) {
        case MailPlace::Outbox: return "outbox";
        case MailPlace::Queue: return "queue";
        case MailPlace::Mailbox: return "mailbox";
        case MailPlace::Device: return "device";
        case MailPlace::Wire: return "wire";
    }
    return "?";
}

std::uint32_t mailIdOf(Trace& trace, std::string_view data, bool isBounce) {
    std::string id = mail::headerValue(data, "Message-ID");
    if (id.empty()) return 0;
    auto [it, fresh] = trace.mailIds.try_emplace(id, static_cast<std::uint32_t>(trace.mails.size() + 1));
    if (fresh) {
        MailInfo m;
        m.messageId = std::move(id);
        m.subject = mail::decodeEncodedWords(mail::headerValue(data, "Subject"));
        m.from = mail::decodeEncodedWords(mail::headerValue(data, "From"));
        m.to = mail::decodeEncodedWords(mail::headerValue(data, "To"));
        m.isBounce = isBounce;
        trace.mails.push_back(std::move(m));
    }
    return it->second;
}

void placeMail(Trace& trace, const MailPlaceRecord& record) {
    if (record.mail == 0) return;
    trace.mailPlaces.push_back(record);
}

namespace {
void write(Trace& trace, Time time, std::uint32_t mail, NodeIndex node, MailPlace place, bool present,
           std::string account, std::string folder, std::uint32_t uid, std::uint32_t connection) {
    MailPlaceRecord r;
    r.time = time;
    r.mail = mail;
    r.node = node;
    r.place = place;
    r.present = present;
    r.account = std::move(account);
    r.folder = std::move(folder);
    r.uid = uid;
    r.connection = connection;
    placeMail(trace, r);
}
}  // namespace

void mailArrived(Trace& trace, Time time, std::uint32_t mail, NodeIndex node, MailPlace place, std::string account,
                 std::string folder, std::uint32_t uid, std::uint32_t connection) {
    write(trace, time, mail, node, place, true, std::move(account), std::move(folder), uid, connection);
}

void mailLeft(Trace& trace, Time time, std::uint32_t mail, NodeIndex node, MailPlace place, std::string account,
              std::string folder, std::uint32_t uid, std::uint32_t connection) {
    write(trace, time, mail, node, place, false, std::move(account), std::move(folder), uid, connection);
}

}  // namespace postino::trace
