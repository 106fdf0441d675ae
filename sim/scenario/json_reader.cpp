// Typed, error-collecting reads of nlohmann::json values for the scenario loader.
#include "scenario/json_reader.h"

#include "scenario/json_scanner.h"
#include "scenario/name_syntax.h"

#include <fmt/format.h>

#include <cmath>

namespace postino::scenario {

void Diagnostics::error(std::string pointer, std::string message, Anchor anchor) {
    ++m_total;
    if (m_errors.size() < kStoreLimit) m_errors.push_back(PendingError{std::move(pointer), anchor, std::move(message)});
}

std::string jsonTypeName(const Json& v) {
    switch (v.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::boolean: return "a boolean";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float: return "a number";
        case Json::value_t::string: return "a string";
        case Json::value_t::array: return "an array";
        case Json::value_t::object: return "an object";
        default: return "an unsupported value";
    }
}

namespace {
std::string shorten(std::string s, std::size_t limit) {
    if (s.size() <= limit) return s;
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    s.resize(cut);
    return s + "...";
}
}  // namespace

std::string shortJson(const Json& v) {
    if (v.is_object()) return v.empty() ? "{}" : "{...}";
    if (v.is_array()) return v.empty() ? "[]" : "[...]";
    if (v.is_string()) return quoteText(v.get_ref<const std::string&>());
    return shorten(v.dump(), 60);
}

std::string quoteText(std::string_view s) {
    return shorten(Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace), 62);
}

std::string joinList(const std::vector<std::string>& items) {
    std::string out;
    std::size_t shown = 0, total = 0;
    for (const auto& s : items) {
        if (s.empty()) continue;
        ++total;
        if (shown == 5) continue;
        out += (out.empty() ? "" : ", ") + s;
        ++shown;
    }
    if (total > shown) out += fmt::format(" and {} more", total - shown);
    return out.empty() ? "none" : out;
}

namespace {
void typeError(const Json& v, const std::string& ptr, Diagnostics& d, std::string_view expected) {
    std::string got = jsonTypeName(v);
    if (!v.is_object() && !v.is_array() && !v.is_null()) got += " (" + shortJson(v) + ")";
    d.error(ptr, fmt::format("expected {}, got {}", expected, got));
}
}  // namespace

std::optional<std::string> readString(const Json& v, const std::string& ptr, Diagnostics& d) {
    if (!v.is_string()) {
        typeError(v, ptr, d, "a string");
        return std::nullopt;
    }
    return v.get<std::string>();
}

std::optional<double> readNumber(const Json& v, const std::string& ptr, Diagnostics& d) {
    if (!v.is_number()) {
        typeError(v, ptr, d, "a number");
        return std::nullopt;
    }
    double x = v.get<double>();
    if (!std::isfinite(x)) {
        d.error(ptr, "expected a finite number");
        return std::nullopt;
    }
    return x;
}

std::optional<std::int64_t> readInteger(const Json& v, const std::string& ptr, Diagnostics& d, std::int64_t min,
                                        std::int64_t max) {
    std::string expected = fmt::format("a whole number from {} to {}", min, max);
    if (!v.is_number()) {
        typeError(v, ptr, d, expected);
        return std::nullopt;
    }
    std::int64_t value = 0;
    bool ok = true;
    if (v.is_number_unsigned()) {
        auto u = v.get<std::uint64_t>();
        ok = u <= static_cast<std::uint64_t>(INT64_MAX);
        value = static_cast<std::int64_t>(u);
    } else if (v.is_number_integer()) {
        value = v.get<std::int64_t>();
    } else {
        double x = v.get<double>();
        ok = std::isfinite(x) && std::floor(x) == x && std::fabs(x) <= 9.0e15;
        if (ok) value = static_cast<std::int64_t>(x);
    }
    if (!ok || value < min || value > max) {
        d.error(ptr, fmt::format("expected {}, got {}", expected, shortJson(v)));
        return std::nullopt;
    }
    return value;
}

std::optional<std::uint64_t> readUnsigned64(const Json& v, const std::string& ptr, Diagnostics& d) {
    const char* expected = "a whole number from 0 to 18446744073709551615";
    if (!v.is_number()) {
        typeError(v, ptr, d, expected);
        return std::nullopt;
    }
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v.get<std::int64_t>());
    if (v.is_number_float()) {
        double x = v.get<double>();
        if (std::isfinite(x) && x >= 0 && std::floor(x) == x && x <= 9.0e15) return static_cast<std::uint64_t>(x);
    }
    d.error(ptr, fmt::format("expected {}, got {}", expected, shortJson(v)));
    return std::nullopt;
}

const Json* readObject(const Json& v, const std::string& ptr, Diagnostics& d) {
    if (!v.is_object()) {
        typeError(v, ptr, d, "an object");
        return nullptr;
    }
    return &v;
}

const Json* readArray(const Json& v, const std::string& ptr, Diagnostics& d) {
    if (!v.is_array()) {
        typeError(v, ptr, d, "an array");
        return nullptr;
    }
    return &v;
}

namespace {
// A likely typo: close in spelling, or one is a prefix of the other ("latency" / "latency_ms").
bool looksLike(std::string_view key, std::string_view candidate, int distance) {
    if (distance <= 1) return true;
    if (distance == 2 && key.size() >= 4) return true;
    std::size_t shorter = std::min(key.size(), candidate.size());
    return shorter >= 4 && key.substr(0, shorter) == candidate.substr(0, shorter);
}
}  // namespace

void ObjectReader::rejectUnknown(const std::vector<std::string_view>& allowed, std::string_view where,
                                 const std::function<std::string(std::string_view)>& note) const {
    for (auto it = m_obj.begin(); it != m_obj.end(); ++it) {
        const std::string& key = it.key();
        bool known = false;
        for (auto a : allowed) known = known || a == key;
        if (known) continue;
        std::string list;
        std::string_view best;
        int bestDistance = 99;
        std::string lowered = toLower(key);
        for (auto a : allowed) {
            if (!list.empty()) list += ", ";
            list += a;
            int dist = editDistance(lowered, a, 8);
            if (dist < bestDistance && looksLike(lowered, a, dist)) {
                bestDistance = dist;
                best = a;
            }
        }
        std::string hint = note ? note(key) : std::string();
        if (hint.empty() && !best.empty()) hint = fmt::format(" (did you mean \"{}\"?)", best);
        m_diag.error(pointerTo(key), fmt::format("unknown field {} in {}; allowed fields: {}{}", quoteText(key), where,
                                                 list, hint),
                     Anchor::Key);
    }
}

const Json* ObjectReader::field(std::string_view key, Need need) const {
    auto it = m_obj.find(std::string(key));
    if (it == m_obj.end()) {
        if (need == Need::Required) m_diag.error(m_ptr, fmt::format("missing required field \"{}\"", key));
        return nullptr;
    }
    return &*it;
}

bool ObjectReader::has(std::string_view key) const { return m_obj.contains(std::string(key)); }

std::string ObjectReader::pointerTo(std::string_view key) const { return childPointer(m_ptr, key); }

void ObjectReader::error(std::string_view key, std::string message) const {
    m_diag.error(pointerTo(key), std::move(message));
}

std::optional<std::string> ObjectReader::string(std::string_view key, Need need) const {
    const Json* v = field(key, need);
    return v ? readString(*v, pointerTo(key), m_diag) : std::nullopt;
}

std::optional<double> ObjectReader::number(std::string_view key, Need need) const {
    const Json* v = field(key, need);
    return v ? readNumber(*v, pointerTo(key), m_diag) : std::nullopt;
}

std::optional<std::int64_t> ObjectReader::integer(std::string_view key, Need need, std::int64_t min,
                                                  std::int64_t max) const {
    const Json* v = field(key, need);
    return v ? readInteger(*v, pointerTo(key), m_diag, min, max) : std::nullopt;
}

const Json* ObjectReader::array(std::string_view key, Need need) const {
    const Json* v = field(key, need);
    return v ? readArray(*v, pointerTo(key), m_diag) : nullptr;
}

}  // namespace postino::scenario
