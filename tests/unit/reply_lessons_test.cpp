// Every reply in every shipped lesson explains itself, in every language: each lesson of
// scenarios/ is run, every server reply line of every connection, every DNS answer and every
// reply an event quotes must have an explanation in trace/reply_catalogue, and each sentence of
// it a non-empty translation in po/it.po, po/es.po and po/el.po.
#include "test_support.h"

#include "trace/reply_catalogue.h"
#include "world/world.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace postino;
using namespace postino::testing;

namespace {

// A .po file's translations: msgid -> msgstr (plural entries by their singular, first form).
std::map<std::string, std::string> readPo(const std::string& path) {
    std::ifstream in(path);
    REQUIRE(in);
    auto unquote = [](const std::string& s) {
        std::string out;
        const std::size_t a = s.find('"'), b = s.rfind('"');
        if (a == std::string::npos || b <= a) return out;
        for (std::size_t i = a + 1; i < b; ++i) {
            if (s[i] == '\\' && i + 1 < b) {
                const char c = s[++i];
                out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
            } else {
                out += s[i];
            }
        }
        return out;
    };
    std::map<std::string, std::string> po;
    std::string msgid, msgstr, line;
    std::string* current = nullptr;
    bool obsolete = false;
    auto flush = [&] {
        if (!msgid.empty() && !obsolete) po[msgid] = msgstr;
        msgid.clear(), msgstr.clear(), current = nullptr, obsolete = false;
    };
    while (std::getline(in, line)) {
        if (line.empty()) {
            flush();
        } else if (line.rfind("#~", 0) == 0) {  // an obsolete entry: skipped
            if (!obsolete) flush();
            obsolete = true;
        } else if (line.rfind("msgid ", 0) == 0) {
            flush();
            msgid = unquote(line), current = &msgid;
        } else if (line.rfind("msgid_plural ", 0) == 0) {
            current = nullptr;
        } else if (line.rfind("msgstr ", 0) == 0 || line.rfind("msgstr[0] ", 0) == 0) {
            msgstr = unquote(line), current = &msgstr;
        } else if (line.rfind("msgstr[", 0) == 0) {
            current = nullptr;
        } else if (!line.empty() && line[0] == '"' && current) {
            *current += unquote(line);
        }
    }
    flush();
    return po;
}


struct Found {
    std::string where;  // lesson and line, for the failure message
    std::optional<trace::ReplyExplanation> explanation;
};

// The reply lines of one lesson's run: SMTP answers every line with a reply; POP3 and HTTP
// answer a command with one status line (then data); IMAP's replies start with "*", "+" or a
// tag the client used, outside literals.
void collect(const std::string& lesson, const trace::Trace& t, std::vector<Found>& out) {
    std::map<std::uint32_t, bool> clientSpoke;             // per connection: the last line came from the client
    std::map<std::uint32_t, std::set<std::string>> tags;   // IMAP tags the client used
    std::map<std::uint32_t, long> literal;                 // IMAP: literal octets still to come from the server
    for (const trace::LineRecord& l : t.lines) {
        const net::AppProtocol app = t.connection(l.connection).app;
        bool& afterClient = clientSpoke.try_emplace(l.connection, true).first->second;
        if (l.fromClient) {
            afterClient = true;
            if (app == net::AppProtocol::Imap) tags[l.connection].insert(l.text.substr(0, l.text.find(' ')));
            continue;
        }
        const bool firstAfterClient = afterClient;
        afterClient = false;
        bool reply = false;
        switch (app) {
            case net::AppProtocol::Smtp: reply = true; break;
            case net::AppProtocol::Pop3:
            case net::AppProtocol::Http: reply = firstAfterClient; break;
            case net::AppProtocol::Imap: {
                long& left = literal[l.connection];
                if (left > 0) {
                    left -= static_cast<long>(l.text.size()) + 2;
                    break;
                }
                const std::string tag = l.text.substr(0, l.text.find(' '));
                reply = tag == "*" || tag == "+" || tags[l.connection].count(tag) > 0;
                if (l.text.size() > 2 && l.text.back() == '}') {
                    const std::size_t open = l.text.rfind('{');
                    if (open != std::string::npos) left = std::atol(l.text.c_str() + open + 1);
                }
                break;
            }
            default: break;
        }
        if (!reply) continue;
        std::ostringstream where;
        where << lesson << " connection " << l.connection << " at " << l.time.toSeconds() << " s: S: " << l.text;
        out.push_back({where.str(), trace::explainReply(app, l.text)});
    }
    for (const trace::Event& e : t.events) {
        std::ostringstream where;
        where << lesson << " event at " << e.time.toSeconds() << " s: " << e.text;
        const bool dnsAnswer = e.kind == trace::EventKind::DnsAnswer || e.kind == trace::EventKind::DnsCacheHit;
        if (dnsAnswer && e.text.find("no answer from the DNS server") == std::string::npos &&
            e.text.find("cannot be asked") == std::string::npos)
            out.push_back({where.str(), trace::explainReply(net::AppProtocol::Dns, e.text)});
        // The events that quote a server's answer: the server accepted, refused or bounced.
        const net::AppProtocol app = e.connection ? t.connection(e.connection).app : net::AppProtocol::Smtp;
        if (e.text.find(" said: ") != std::string::npos || e.text.find(": 250 ") != std::string::npos ||
            e.kind == trace::EventKind::Relayed)
            out.push_back({where.str(), trace::findQuotedReply(app, e.text)});
    }
}

}  // namespace

TEST_CASE("every reply in every shipped lesson is explained, in every language", "[reply_catalogue][lessons]") {
    std::map<std::string, std::map<std::string, std::string>> catalogs;
    for (const char* lang : {"it", "es", "el"}) catalogs[lang] = readPo(sourcePath(std::string("po/") + lang + ".po"));
    std::vector<Found> found;
    const auto files = shippedLessons();
    REQUIRE(files.size() >= 13);
    for (const std::string& file : files) {
        world::World w(loadLesson(file));
        w.run();
        collect(file, w.trace(), found);
    }
    std::set<std::string> codes, sentences;
    for (const Found& f : found) {
        INFO(f.where);
        REQUIRE(f.explanation.has_value());
        CHECK_FALSE(f.explanation->reference.empty());
        codes.insert(f.explanation->code);
        for (const char* s : f.explanation->sentences) sentences.insert(s);
    }
    // The lessons show the catalogue's range: SMTP, POP3, IMAP, HTTP and DNS replies.
    CHECK(found.size() > 1000);
    for (const char* code : {"550 5.1.1", "250 2.1.5", "+OK", "* OK [UIDVALIDITY]", "200", "303", "NOERROR"}) {
        INFO(code);
        CHECK(codes.count(code) == 1);
    }
    for (const std::string& s : sentences)
        for (auto& [lang, po] : catalogs) {
            INFO(lang << ": " << s);
            auto it = po.find(s);
            CHECK((it != po.end() && !it->second.empty()));
        }
}

TEST_CASE("every sentence of the reply catalogue is translated in every language", "[reply_catalogue]") {
    for (const char* lang : {"it", "es", "el"}) {
        const auto po = readPo(sourcePath(std::string("po/") + lang + ".po"));
        for (const char* s : trace::allReplySentences()) {
            INFO(lang << ": " << s);
            auto it = po.find(s);
            CHECK((it != po.end() && !it->second.empty()));
        }
    }
}
