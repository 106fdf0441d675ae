// libFuzzer target for the mail authentication engines (sim/auth). First byte modulo 3 picks:
// 0 = SPF: the data is TXT records, one per line, for f.example then i1.example, i2.example...
//     (every name also has an A record 192.0.2.1 and an MX mx.f.example); the check of
//     192.0.2.1 for x@f.example; 1 = DKIM: the data is a message, signed with a seeded Ed25519
//     key and verified, and verified as it is; 2 = DMARC: the data is the _dmarc record.
// Invariants: every check ends within a bounded number of DNS questions with a result whose
// explanation ends "→ <result>"; SPF counts at most 11 look-ups; a message Postino could sign
// verifies (its first signature passes); a DKIM explanation names its result.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <variant>
#include <vector>

#include "auth/dkim_sign.h"
#include "auth/dkim_verify.h"
#include "auth/dmarc.h"
#include "auth/spf_check.h"
#include "fuzz_support.h"

using namespace postino;
using namespace postino::auth;
using namespace postino::fuzz;

namespace {

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

template <class Check, class Answer>
auto run(Check& check, Answer&& answer, const char* what) {
    for (int i = 0; i < 64; ++i) {
        auto step = check.next();
        if (auto* q = std::get_if<DnsQuestion>(&step)) {
            check.answer(answer(*q));
            continue;
        }
        return std::get<1>(step);
    }
    fail(std::string(what) + ": more than 64 DNS questions");
}

void fuzzSpf(std::string_view data) {
    std::vector<std::string> records(1);
    for (char c : data) {
        if (c == '\n') {
            records.emplace_back();
        } else {
            records.back() += c;
        }
    }
    auto answer = [&](const DnsQuestion& q) {
        DnsAnswer a;
        if (q.type == dns::RrType::A) a.records.push_back(dns::makeA(q.name, 60, 0xC0000201));
        if (q.type == dns::RrType::MX) a.records.push_back(dns::makeMx(q.name, 60, 10, "mx.f.example"));
        if (q.type == dns::RrType::TXT) {
            std::size_t index = q.name == "f.example" ? 0 : records.size();
            if (q.name.size() > 9 && q.name.rfind("i", 0) == 0 && endsWith(q.name, ".example")) {
                index = static_cast<std::size_t>(std::strtoul(q.name.c_str() + 1, nullptr, 10));
            }
            if (index < records.size()) a.records.push_back(dns::makeTxt(q.name, 60, records[index]));
            else return DnsAnswer::nxDomain();
        }
        return a;
    };
    SpfCheck check(*IpAddress::parse("192.0.2.1"), "x@f.example", "h.example");
    SpfOutcome o = run(check, answer, "SPF");
    require(endsWith(o.explanation, "→ " + spfResultName(o.result)), "SPF: explanation does not end with its result",
            o.explanation);
    require(o.lookups <= SpfCheck::kMaxLookups + 1, "SPF: more than 11 look-ups counted", o.explanation);
}

void fuzzDkim(std::string_view data) {
    static const DkimKey key = DkimKey::ed25519FromSeed("fuzz");
    auto answer = [&](const DnsQuestion&) {
        DnsAnswer a;
        a.records.push_back(dns::makeTxt("s._domainkey.f.example", 60, key.dnsRecord()));
        return a;
    };
    DkimVerify plain{std::string(data)};
    DkimOutcome o = run(plain, answer, "DKIM");
    for (const DkimSignatureOutcome& s : o.signatures) {
        require(endsWith(s.explanation, "→ " + dkimResultName(s.result)), "DKIM: explanation does not end with its result",
                s.explanation);
    }
    DkimSignOptions options;
    options.domain = "f.example";
    options.selector = "s";
    DkimSignResult signedField = dkimSign(data, key, options);
    if (!signedField.ok()) return;
    DkimVerify again(signedField.field + std::string(data));
    DkimOutcome v = run(again, answer, "DKIM");
    require(!v.signatures.empty() && v.signatures[0].result == DkimResult::Pass,
            "DKIM: a message Postino signed does not verify",
            v.signatures.empty() ? std::string("no signature found") : v.signatures[0].explanation);
}

void fuzzDmarc(std::string_view data) {
    std::string record(data);
    auto answer = [&](const DnsQuestion& q) {
        DnsAnswer a;
        if (q.name == "_dmarc.f.example") a.records.push_back(dns::makeTxt(q.name, 60, record));
        return a;
    };
    for (SpfResult spf : {SpfResult::Pass, SpfResult::Fail}) {
        DmarcCheck check(DmarcInput{"news.f.example", spf, "f.example", {}});
        DmarcOutcome o = run(check, answer, "DMARC");
        require(o.explanation.find("→ " + dmarcResultName(o.result)) != std::string::npos,
                "DMARC: explanation does not name its result", o.explanation);
        const bool strictSpf = o.record && o.record->aspf == DmarcAlignment::Strict;
        require(o.result != DmarcResult::Fail || spf != SpfResult::Pass || strictSpf,
                "DMARC: an SPF pass aligned in relaxed mode failed", o.explanation);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Input in = splitMode(data, size);
    switch (in.mode % 3) {
    case 0: fuzzSpf(in.data); break;
    case 1: fuzzDkim(in.data); break;
    default: fuzzDmarc(in.data); break;
    }
    return 0;
}
