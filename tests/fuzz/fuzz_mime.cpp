// libFuzzer target for the message readers: viewMessage (what webmail and the inspector show),
// htmlToText, RFC 2047 words, quoted-printable, charsets, and the IMAP MIME structure parser
// with its ENVELOPE / BODYSTRUCTURE rendering. The whole input is one message.
// Invariants: every text shown is well-formed UTF-8 (body text with LF line ends), sizes stay
// in proportion to the input, the same input gives the same view; structure offsets nest inside
// the message and their parents; rendered ENVELOPE and BODYSTRUCTURE are valid IMAP data (8-bit,
// CR, LF only in literals, no NUL) and parse with the client's own response reader within its
// bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "imap/envelope.h"
#include "imap/message_structure.h"
#include "imap_client/response_reader.h"
#include "mail/encoded_words.h"
#include "mail/message_view.h"

using namespace postino;
using namespace postino::fuzz;

namespace {

void checkView(std::string_view data) {
    const mail::MessageView v = mail::viewMessage(data);
    std::size_t total = v.text.size();
    for (const std::string* s : {&v.from, &v.to, &v.cc, &v.subject, &v.date, &v.messageId, &v.text}) {
        require(isValidUtf8(*s), "viewMessage: text that is not UTF-8", *s);
        total += s->size();
    }
    require(v.text.find('\r') == std::string::npos, "viewMessage: a CR in the body text", v.text);
    for (const mail::AttachmentInfo& a : v.attachments) {
        require(isValidUtf8(a.name) && isValidUtf8(a.contentType), "viewMessage: attachment text not UTF-8", a.name);
        require(a.size <= data.size(), "viewMessage: an attachment larger than the message");
        total += a.name.size() + a.contentType.size();
    }
    require(total <= 4 * data.size() + 4096, "viewMessage: output out of proportion to the message");
    const mail::MessageView again = mail::viewMessage(data);
    require(again.text == v.text && again.subject == v.subject && again.attachments.size() == v.attachments.size(),
            "viewMessage: two views of one message differ");

    const std::string html = mail::htmlToText(data);
    require(isValidUtf8(html), "htmlToText: not UTF-8", html);
    require(html.size() <= 3 * data.size() + 16, "htmlToText: output out of proportion");
    const std::string words = mail::decodeEncodedWords(data);
    require(isValidUtf8(words), "decodeEncodedWords: not UTF-8", words);
    require(isValidUtf8(mail::decodeQuotedPrintable(data)), "decodeQuotedPrintable: not UTF-8");
    require(mail::quotedPrintableBytes(data).size() <= data.size(), "quoted-printable decoding grew the text");
    for (const char* charset : {"utf-8", "us-ascii", "iso-8859-1", "ISO-8859-7", "latin1"}) {
        const auto text = mail::charsetToUtf8(data, charset);
        if (text) require(isValidUtf8(*text), "charsetToUtf8: not UTF-8", charset);
    }
}

// Offsets nest: header before body, children inside the parent's body, in order.
void checkPart(const imap::BodyPart& p, std::size_t begin, std::size_t end, int depth, std::size_t& parts) {
    require(depth <= imap::kMaxMimeDepth + 2, "MIME structure: deeper than its limit");
    require(++parts <= static_cast<std::size_t>(imap::kMaxMimeParts) + 2, "MIME structure: more parts than its limit");
    require(begin <= p.headerStart && p.headerStart <= p.headerEnd && p.headerEnd <= p.bodyEnd && p.bodyEnd <= end,
            "MIME structure: offsets outside the part's bounds");
    std::size_t last = p.headerEnd;
    for (const imap::BodyPart& c : p.children) {
        require(c.headerStart >= last, "MIME structure: children overlap or go backwards");
        checkPart(c, p.headerEnd, p.bodyEnd, depth + 1, parts);
        last = c.bodyEnd;
    }
    for (const imap::HeaderField& f : p.fields)
        require(p.headerStart <= f.start && f.start <= f.end && f.end <= p.headerEnd,
                "MIME structure: a header field outside its header");
}

void checkStructure(std::string_view data) {
    const imap::BodyPart root = imap::parseMessageStructure(data);
    std::size_t parts = 0;
    checkPart(root, 0, data.size(), 0, parts);
    require(root.headerStart == 0, "MIME structure: the root does not start the message");
    if (!root.children.empty()) require(imap::findPart(root, {1}) == &root.children[0] || root.isMessage(),
                                        "MIME structure: part 1 is not the first child");

    const std::string bodyStructure = imap::renderBodyStructure(root, true);
    const std::string body = imap::renderBodyStructure(root, false);
    const std::string envelope = imap::renderEnvelope(root);
    for (const std::string* value : {&bodyStructure, &body, &envelope}) {
        std::string_view v = *value;
        checkImapValue(v, "BODYSTRUCTURE / ENVELOPE");
        require(v.empty(), "BODYSTRUCTURE / ENVELOPE: bytes after the value", *value);
    }
    // The client's own reader must read them too, within its bounds.
    const std::string fetch =
        "* 1 FETCH (BODYSTRUCTURE " + bodyStructure + " BODY " + body + " ENVELOPE " + envelope + ")\r\n";
    imap_client::ResponseReader reader;
    std::string_view in = fetch;
    const auto st = reader.next(in);
    if (st == imap_client::ResponseReader::Status::Error && isImapClientLimit(reader.error())) return;
    require(st == imap_client::ResponseReader::Status::Done && in.empty(),
            "BODYSTRUCTURE / ENVELOPE do not parse as IMAP data: " + reader.error(), fetch);
    const imap_client::Response& r = reader.response();
    require(r.keyword == "FETCH" && r.data.size() == 1 && r.data[0].isList() && r.data[0].items.size() == 6,
            "BODYSTRUCTURE / ENVELOPE: not one FETCH list of three items", fetch);
    for (std::size_t i = 1; i < 6; i += 2)
        require(r.data[0].items[i].isList(), "BODYSTRUCTURE / ENVELOPE: an item is not a list", fetch);
    require(r.data[0].items[5].items.size() == 10, "ENVELOPE: not 10 fields", fetch);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const std::string_view data(reinterpret_cast<const char*>(bytes), size);
    checkView(data);
    checkStructure(data);
    return 0;
}
