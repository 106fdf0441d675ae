// Robustness of the scenario loader: thousands of seeded random mutations of a
// valid scenario (byte edits and JSON value swaps) must never throw or crash,
// and every result must be well-formed (ok xor errors, positions, cap).
#include "scenario/scenario_limits.h"
#include "scenario/scenario_loader.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>

#ifndef POSTINO_SOURCE_DIR
#error "POSTINO_SOURCE_DIR must be defined (path of the repository)"
#endif

using namespace postino::scenario;

namespace {

std::string readGoodFile() {
    std::ifstream in(std::string(POSTINO_SOURCE_DIR) + "/tests/corpus/good/alice-to-bob.json", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void checkWellFormed(const LoadResult& r, const std::string& input) {
    INFO("input:\n" << input);
    CHECK(r.ok() == r.errors.empty());
    CHECK(r.errors.size() <= kMaxReportedErrors + 1);
    for (const auto& e : r.errors) {
        CHECK(!e.message.empty());
        CHECK(e.line >= 0);
        if (e.line > 0) CHECK(e.column >= 1);
        CHECK((e.jsonPath.empty() || e.jsonPath[0] == '/'));
    }
    if (r.ok()) {
        for (std::size_t i = 1; i < r.scenario->actions.size(); ++i)
            CHECK(r.scenario->actions[i - 1].at <= r.scenario->actions[i].at);
    }
}

const char* const kTokens[] = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "0", "-1", "1e999",
                               "-0", "1.5", "null", "true", "NaN", "\xff", "\xc3", "\xe2\x82", "\xef\xbb\xbf",
                               "\n", "\t", " ", "\"id\"", "\"type\"", "\"router\"", "\"192.0.2.1\"",
                               "18446744073709551616", "[[[[[[[[", "}}}}", "\"\\u0000\"", "\x00"};

std::string mutateBytes(std::string s, std::mt19937& rng) {
    auto pick = [&](std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    int edits = 1 + static_cast<int>(pick(4));
    for (int k = 0; k < edits; ++k) {
        std::size_t at = pick(s.size() + 1);
        switch (pick(6)) {
            case 0:  // flip a byte
                if (!s.empty()) s[pick(s.size())] = static_cast<char>(pick(256));
                break;
            case 1:  // delete a range
                if (at < s.size()) s.erase(at, 1 + pick(20));
                break;
            case 2: {  // insert a token
                const char* tok = kTokens[pick(std::size(kTokens))];
                s.insert(at, std::string(tok, std::char_traits<char>::length(tok) + (*tok == '\0')));
                break;
            }
            case 3:  // truncate
                s.resize(at);
                break;
            case 4: {  // duplicate a range
                if (at < s.size()) s.insert(pick(s.size()), s.substr(at, 1 + pick(60)));
                break;
            }
            default:  // swap two bytes
                if (s.size() > 1) std::swap(s[pick(s.size())], s[pick(s.size())]);
                break;
        }
    }
    return s;
}

using nlohmann::json;

json randomValue(std::mt19937& rng) {
    static const json kValues[] = {
        nullptr, true, false, 0, -1, 1.5, 1e300, -1e300, 18446744073709551615ull, INT64_MIN, "", "x", "router",
        "client", "mail_server", "dns_server", "alice-laptop", "internet", "dns", "mail-sender",
        "alice@sender.example", "bob@recipient.example", "192.0.2.10", "300.1.1.1", "@", "MX", "A", "mail.",
        "recipient.example", "ALICE@SENDER.EXAMPLE", json::array(), json::object(), json::array({1, 2}),
        json::array({"bob@recipient.example"}), json::object({{"en", "x"}}), json::object({{"it", "x"}}),
        std::string(300, 'a'), "\xce\xb1\xce\xbb", "a\r\nb",
    };
    return kValues[std::uniform_int_distribution<std::size_t>(0, std::size(kValues) - 1)(rng)];
}

// Replaces, removes or adds one member or element somewhere in the document.
void mutateJson(json& doc, std::mt19937& rng) {
    auto pick = [&](std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    json* cur = &doc;
    while ((cur->is_object() || cur->is_array()) && !cur->empty() && pick(4) != 0) {
        auto it = cur->begin();
        std::advance(it, static_cast<std::ptrdiff_t>(pick(cur->size())));
        cur = &*it;
    }
    switch (pick(4)) {
        case 0:
            *cur = randomValue(rng);
            break;
        case 1:
            if (cur->is_object() && !cur->empty()) cur->erase(cur->begin());
            else if (cur->is_array() && !cur->empty()) cur->erase(cur->begin() + static_cast<std::ptrdiff_t>(pick(cur->size())));
            break;
        case 2:
            if (cur->is_object()) (*cur)[pick(2) ? "id" : "extra"] = randomValue(rng);
            else if (cur->is_array()) cur->push_back(cur->empty() ? randomValue(rng) : (*cur)[pick(cur->size())]);
            break;
        default:
            if (cur->is_array() && cur->size() > 1) std::swap((*cur)[0], (*cur)[cur->size() - 1]);
            break;
    }
}

}  // namespace

TEST_CASE("scenario: the good corpus file is the base of the fuzzing and loads", "[scenario]") {
    std::string good = readGoodFile();
    REQUIRE(!good.empty());
    LoadResult r = loadScenarioText(good, "good.json");
    INFO(r.formatErrors());
    REQUIRE(r.ok());
}

TEST_CASE("scenario: random byte mutations never throw or crash", "[scenario]") {
    std::string good = readGoodFile();
    std::mt19937 rng(20240601);
    int failures = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string input = mutateBytes(good, rng);
        LoadResult r;
        REQUIRE_NOTHROW(r = loadScenarioText(input, "fuzz.json"));
        checkWellFormed(r, input);
        failures += r.ok() ? 0 : 1;
    }
    CHECK(failures > 2000);  // most mutations break something, and it is noticed
}

TEST_CASE("scenario: random JSON value mutations never throw or crash", "[scenario]") {
    json base = json::parse(readGoodFile());
    std::mt19937 rng(7);
    int failures = 0;
    for (int i = 0; i < 3000; ++i) {
        json doc = base;
        int edits = 1 + static_cast<int>(rng() % 3);
        for (int k = 0; k < edits; ++k) mutateJson(doc, rng);
        std::string input = doc.dump(i % 2 ? 2 : -1, ' ', false, json::error_handler_t::replace);
        LoadResult r;
        REQUIRE_NOTHROW(r = loadScenarioText(input, "fuzz.json"));
        checkWellFormed(r, input);
        failures += r.ok() ? 0 : 1;
    }
    CHECK(failures > 500);
}
