#include "imap_client/response_reader.h"
#include "core/ascii.h"

#include <algorithm>

namespace postino::imap_client {

namespace {

bool isStatusWord(std::string_view w) {
    const std::string u = toUpperAscii(w);
    return u == "OK" || u == "NO" || u == "BAD" || u == "BYE" || u == "PREAUTH";
}

// The word after "* " on the first line of an untagged response.
std::string_view secondWord(std::string_view line) {
    if (line.size() < 2 || line[1] != ' ') return {};
    line.remove_prefix(2);
    return line.substr(0, line.find(' '));
}

constexpr std::size_t kMaxLiteralBytesPerResponse = kMaxLiteral + (1u << 20);

}  // namespace

std::optional<std::uint32_t> Value::number() const {
    if (kind != Kind::Atom || text.empty() || text.size() > 10) return std::nullopt;
    std::uint64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v > 0xFFFFFFFFull) return std::nullopt;
    return static_cast<std::uint32_t>(v);
}

bool Value::atomIs(std::string_view s) const {
    if (kind != Kind::Atom || text.size() != s.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (toUpperAscii(text[i]) != toUpperAscii(s[i])) return false;
    return true;
}

bool Response::isStatus() const {
    return kind != Kind::Continuation && isStatusWord(keyword) && !number;
}

std::string Response::describe() const {
    std::string out;
    if (kind == Kind::Continuation) {
        out = "+";
    } else {
        out = kind == Kind::Tagged ? tag : "*";
        if (number) out += " " + std::to_string(*number);
        out += " " + keyword;
    }
    if (!code.empty()) out += " [" + code + (codeArgs.empty() ? "" : " " + codeArgs) + "]";
    if (!text.empty()) out += " " + text;
    return out;
}

void splitRespText(std::string_view in, std::string& code, std::string& args, std::string& text) {
    code.clear();
    args.clear();
    while (!in.empty() && in.front() == ' ') in.remove_prefix(1);
    if (!in.empty() && in.front() == '[') {
        const auto close = in.find(']');
        if (close != std::string_view::npos) {
            std::string_view inside = in.substr(1, close - 1);
            const auto sp = inside.find(' ');
            code = toUpperAscii(inside.substr(0, sp));
            if (sp != std::string_view::npos) args = std::string(inside.substr(sp + 1));
            in.remove_prefix(close + 1);
            while (!in.empty() && in.front() == ' ') in.remove_prefix(1);
        }
    }
    text = std::string(in);
}

ResponseReader::Status ResponseReader::fail(std::string reason) {
    m_broken = true;
    m_error = std::move(reason);
    return Status::Error;
}

ResponseReader::Status ResponseReader::next(std::string_view& input) {
    if (m_broken) return Status::Error;
    while (!input.empty()) {
        if (m_inLiteral) {
            const std::size_t n = std::min(m_literalLeft, input.size());
            m_literals.back().append(input.data(), n);
            input.remove_prefix(n);
            m_literalLeft -= n;
            if (m_literalLeft == 0) m_inLiteral = false;
            continue;
        }
        const auto nl = input.find('\n');
        const std::size_t take = nl == std::string_view::npos ? input.size() : nl + 1;
        if (m_line.size() + take > kMaxResponseLine)
            return fail("response line longer than " + std::to_string(kMaxResponseLine) + " octets");
        if (nl == std::string_view::npos) {
            m_line.append(input);
            input = {};
            return Status::NeedMore;
        }
        m_line.append(input.substr(0, nl));
        input.remove_prefix(nl + 1);
        if (!m_line.empty() && m_line.back() == '\r') m_line.pop_back();
        const Status st = onLine();
        if (st != Status::NeedMore) return st;
    }
    return Status::NeedMore;
}

ResponseReader::Status ResponseReader::onLine() {
    std::string line;
    line.swap(m_line);
    if (line.find('\0') != std::string::npos) return fail("NUL octet in a response line");
    if (line.find('\r') != std::string::npos) return fail("bare CR in a response line");

    // Status responses and continuations carry text, never literals.
    bool mayHaveLiteral = true;
    if (m_lines.empty()) {
        if (line.empty()) return fail("empty response line");
        if (line[0] == '+')
            mayHaveLiteral = false;
        else if (line[0] == '*')
            mayHaveLiteral = !isStatusWord(secondWord(line));
        else
            mayHaveLiteral = false;  // a tagged response is always a status response
    }
    if (mayHaveLiteral && !line.empty() && line.back() == '}') {
        const auto open = line.rfind('{');
        if (open != std::string::npos) {
            std::string_view digits(line.data() + open + 1, line.size() - open - 2);
            if (!digits.empty() && digits.back() == '+') digits.remove_suffix(1);
            const bool allDigits = !digits.empty() && digits.size() <= 12 &&
                                   std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (allDigits) {
                std::uint64_t n = 0;
                for (char c : digits) n = n * 10 + static_cast<std::uint64_t>(c - '0');
                if (n > kMaxLiteral)
                    return fail("literal of " + std::to_string(n) + " octets exceeds the limit of " +
                                std::to_string(kMaxLiteral));
                if (m_literals.size() >= kMaxLiteralsPerResponse) return fail("too many literals in one response");
                std::size_t total = n;
                for (const auto& l : m_literals) total += l.size();
                if (total > kMaxLiteralBytesPerResponse) return fail("response literals too large");
                std::size_t cut = open;
                if (cut > 0 && line[cut - 1] == '~') --cut;  // literal8 (RFC 3516)
                line.resize(cut);
                m_lines.push_back(std::move(line));
                m_literals.emplace_back();
                m_literals.back().reserve(std::min<std::size_t>(n, 1u << 20));
                m_literalLeft = static_cast<std::size_t>(n);
                m_inLiteral = n > 0;
                return Status::NeedMore;
            }
        }
    }
    m_lines.push_back(std::move(line));
    std::string error;
    auto parsed = parseResponse(m_lines, m_literals, error);
    m_lines.clear();
    m_literals.clear();
    if (!parsed) return fail(error);
    m_done = std::move(*parsed);
    return Status::Done;
}

}  // namespace postino::imap_client
