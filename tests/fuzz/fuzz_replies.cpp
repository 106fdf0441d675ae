// libFuzzer target for the reply catalogue (trace/reply_catalogue). The first byte modulo 5
// picks the protocol (SMTP, POP3, IMAP, DNS, HTTP); the rest is one line or an event's text.
// Invariants: an explanation has a code, at least one sentence and a reference, every
// sentence is one of the catalogue's (so translators have it), and the same input gives the
// same answer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "trace/reply_catalogue.h"

using namespace postino;
using namespace postino::fuzz;

namespace {

void check(const std::optional<trace::ReplyExplanation>& r, std::string_view input) {
    if (!r) return;
    require(!r->code.empty(), "reply catalogue: an explanation without a code", input);
    require(!r->sentences.empty(), "reply catalogue: an explanation without a sentence", input);
    require(!r->reference.empty(), "reply catalogue: an explanation without a reference", input);
    static const std::vector<const char*> all = trace::allReplySentences();
    for (const char* s : r->sentences) {
        bool known = false;
        for (const char* a : all) known = known || std::string_view(a) == s;
        require(known, "reply catalogue: a sentence that is not in the catalogue", s);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const Input in = splitMode(bytes, size);
    static constexpr net::AppProtocol kProtocols[] = {net::AppProtocol::Smtp, net::AppProtocol::Pop3, net::AppProtocol::Imap,
                                                      net::AppProtocol::Dns, net::AppProtocol::Http};
    const net::AppProtocol p = kProtocols[in.mode % 5];
    const auto line = trace::explainReply(p, in.data);
    check(line, in.data);
    const auto quoted = trace::findQuotedReply(p, in.data);
    check(quoted, in.data);
    // A line that explains itself is found the same way when quoted whole.
    require(line.has_value() <= quoted.has_value(), "reply catalogue: a reply not found in its own text", in.data);
    if (line) require(line->code == quoted->code && line->english() == quoted->english(),
                      "reply catalogue: quoting a whole line changed its explanation", in.data);
    const auto again = trace::explainReply(p, in.data);
    require(again.has_value() == line.has_value() && (!line || again->english() == line->english()),
            "reply catalogue: the same line explained two ways", in.data);
    return 0;
}
