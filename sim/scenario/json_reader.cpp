// Typed, error-collecting reads of nlohmann::json values for the scenario loader.
#include "scenario/json_reader.h"

#include "scenario/json_scanner.h"
#include "scenario/name_syntax.h"

#include <fmt/format.h>

#include <cmath>

namespace postino::scenario {

void Diagnostics::error(std::string pointer, trace::Phrase message, Anchor anchor) {
    ++m_total;
    if (m_errors.size() < kStoreLimit) m_errors.push_back(PendingError{std::move(pointer), anchor, std::move(message)});
}

std::string jsonTypeName(const Json& v) {
    switch (v.type()) {
        case Json::value_t::null: return N_("null");
        case Json::value_t::boolean: return N_("a boolean");
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float: return N_("a number");
        case Json::value_t::string: return N_("a string");
        case Json::value_t::array: return N_("an array");
        case Json::value_t::object: return N_("an object");
        default: return N_("an unsupported value");
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
// "expected a string, got a number (5)": the JSON type names are terms, translated with the sentence.
void typeError(const Json& v, const std::string& ptr, Diagnostics& d, const char* expected) {
    const bool scalar = !v.is_object() && !v.is_array() && !v.is_null();
    if (scalar)
        d.error(ptr, trace::phrase("expected {}, got {} ({})", trace::term(expected), trace::term(jsonTypeName(v)),
                                   shortJson(v)));
    else
        d.error(ptr, trace::phrase("expected {}, got {}", trace::term(expected), trace::term(jsonTypeName(v))));
}

// "expected a whole number from 1 to 9, got ..." when the value is a number out of range or not a number.
template <typename T>
void rangeError(const Json& v, const std::string& ptr, Diagnostics& d, T min, T max) {
    if (!v.is_number() && !v.is_object() && !v.is_array() && !v.is_null())
        d.error(ptr, trace::phrase("expected a whole number from {} to {}, got {} ({})", min, max,
                                   trace::term(jsonTypeName(v)), shortJson(v)));
    else if (!v.is_number())
        d.error(ptr, trace::phrase("expected a whole number from {} to {}, got {}", min, max,
                                   trace::term(jsonTypeName(v))));
    else
        d.error(ptr, trace::phrase("expected a whole number from {} to {}, got {}", min, max, shortJson(v)));
}
}  // namespace

std::optional<std::string> readString(const Json& v, const std::string& ptr, Diagnostics& d) {
    if (!v.is_string()) {
        typeError(v, ptr, d, N_("a string"));
        return std::nullopt;
    }
    return v.get<std::string>();
}

std::optional<double> readNumber(const Json& v, const std::string& ptr, Diagnostics& d) {
    if (!v.is_number()) {
        typeError(v, ptr, d, N_("a number"));
        return std::nullopt;
    }
    double x = v.get<double>();
    if (!std::isfinite(x)) {
        d.error(ptr, trace::phrase("expected a finite number"));
        return std::nullopt;
    }
    return x;
}

std::optional<std::int64_t> readInteger(const Json& v, const std::string& ptr, Diagnostics& d, std::int64_t min,
                                        std::int64_t max) {
    if (!v.is_number()) {
        rangeError(v, ptr, d, min, max);
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
        rangeError(v, ptr, d, min, max);
        return std::nullopt;
    }
    return value;
}

std::optional<std::uint64_t> readUnsigned64(const Json& v, const std::string& ptr, Diagnostics& d) {
    constexpr std::uint64_t kMax = UINT64_MAX;
    if (!v.is_number()) {
        rangeError(v, ptr, d, std::uint64_t{0}, kMax);
        return std::nullopt;
    }
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(v.get<std::int64_t>());
    if (v.is_number_float()) {
        double x = v.get<double>();
        if (std::isfinite(x) && x >= 0 && std::floor(x) == x && x <= 9.0e15) return static_cast<std::uint64_t>(x);
    }
    rangeError(v, ptr, d, std::uint64_t{0}, kMax);
    return std::nullopt;
}

const Json* readObject(const Json& v, const std::string& ptr, Diagnostics& d) {
    if (!v.is_object()) {
        typeError(v, ptr, d, N_("an object"));
        return nullptr;
    }
    return &v;
}

const Json* readArray(const Json& v, const std::string& ptr, Diagnostics& d) {
    if (!v.is_array()) {
        typeError(v, ptr, d, N_("an array"));
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

void ObjectReader::rejectUnknown(const std::vector<std::string_view>& allowed, trace::Term where,
                                 const UnknownNote& note) const {
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
        const UnknownField f{quoteText(key), where, list, std::string(best)};
        std::optional<trace::Phrase> message = note ? note(key, f) : std::nullopt;
        if (!message && !f.best.empty())
            message = trace::phrase("unknown field {} in {}; allowed fields: {} (did you mean \"{}\"?)", f.key, f.where,
                                    f.allowed, f.best);
        if (!message) message = trace::phrase("unknown field {} in {}; allowed fields: {}", f.key, f.where, f.allowed);
        m_diag.error(pointerTo(key), std::move(*message), Anchor::Key);
    }
}

const Json* ObjectReader::field(std::string_view key, Need need) const {
    auto it = m_obj.find(std::string(key));
    if (it == m_obj.end()) {
        if (need == Need::Required) m_diag.error(m_ptr, trace::phrase("missing required field \"{}\"", key));
        return nullptr;
    }
    return &*it;
}

bool ObjectReader::has(std::string_view key) const { return m_obj.contains(std::string(key)); }

std::string ObjectReader::pointerTo(std::string_view key) const { return childPointer(m_ptr, key); }

void ObjectReader::error(std::string_view key, trace::Phrase message) const {
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
