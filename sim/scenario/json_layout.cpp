// Readable JSON text: inline when it fits, else one member per line (see json_layout.h).
#include "scenario/json_layout.h"

#include <cmath>

namespace postino::scenario {

namespace {

// A string as JSON text, UTF-8 kept as is (an invalid byte becomes U+FFFD rather than throwing).
std::string quoted(const std::string& s) {
    return OrderedJson(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string scalar(const OrderedJson& v) {
    if (v.is_number_float()) {
        const double x = v.get<double>();
        if (std::isfinite(x) && std::floor(x) == x && std::fabs(x) < 9007199254740992.0)
            return OrderedJson(static_cast<std::int64_t>(x)).dump();
    }
    if (v.is_string()) return quoted(v.get<std::string>());
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The value on one line: {"a": 1, "b": [2, 3]}.
std::string compact(const OrderedJson& v) {
    if (v.is_object()) {
        if (v.empty()) return "{}";
        std::string out = "{";
        bool first = true;
        for (auto it = v.begin(); it != v.end(); ++it) {
            out += first ? "" : ", ";
            out += quoted(it.key()) + ": " + compact(it.value());
            first = false;
        }
        return out + "}";
    }
    if (v.is_array()) {
        if (v.empty()) return "[]";
        std::string out = "[";
        for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + compact(v[i]);
        return out + "]";
    }
    return scalar(v);
}

// `used`: the columns already taken on the value's first line (indent and key).
void layout(const OrderedJson& v, std::size_t indent, std::size_t used, std::size_t width, std::string& out) {
    if (!v.is_structured() || v.empty()) {
        out += compact(v);
        return;
    }
    const std::string line = compact(v);
    // A short container of scalars and small objects stays on one line.
    if (used + line.size() <= width) {
        out += line;
        return;
    }
    const std::string inner(indent + 2, ' ');
    out += v.is_object() ? "{\n" : "[\n";
    std::size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++i) {
        out += inner;
        std::size_t taken = inner.size();
        if (v.is_object()) {
            const std::string key = quoted(it.key()) + ": ";
            out += key;
            taken += key.size();
        }
        layout(it.value(), indent + 2, taken, width, out);
        out += i + 1 < v.size() ? ",\n" : "\n";
    }
    out += std::string(indent, ' ') + (v.is_object() ? "}" : "]");
}

}  // namespace

std::string layoutJson(const OrderedJson& value, std::size_t width) {
    std::string out;
    layout(value, 0, 0, width, out);
    out += "\n";
    return out;
}

}  // namespace postino::scenario
