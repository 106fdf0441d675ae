// Header look-up and the byte layout of requests and responses (RFC 9112 2.1, 3, 4, 5, 6.2;
// RFC 9110 8.6, 15). Whatever the structs hold, the output keeps HTTP's framing intact.
#include "http/message.h"

#include "http/form.h"
#include "http/syntax.h"

namespace postino::http {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

std::string tokenChars(std::string_view s) {
    std::string out;
    for (char c : s)
        if (isTchar(static_cast<unsigned char>(c))) out.push_back(c);
    return out;
}

// RFC 9110 5.5: CR, LF and NUL never appear in a field value (or a reason phrase) we send.
std::string safeText(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c == '\r' || c == '\n' || c == '\0') c = ' ';
    return out;
}

std::string safeTarget(std::string_view s) {
    if (s.empty()) return "/";
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7F) {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0x0F]);
        } else {
            out.push_back(ch);
        }
    }
    return out;
}

bool isVersion(std::string_view v) {
    return v.size() == 8 && v.substr(0, 5) == "HTTP/" && v[5] >= '0' && v[5] <= '9' && v[6] == '.' && v[7] >= '0' &&
           v[7] <= '9';
}

// Writes the fields; reports whether the caller framed the body itself.
bool appendFields(std::string& out, const std::vector<Header>& headers) {
    bool framed = false;
    for (const Header& h : headers) {
        const std::string name = tokenChars(h.name);
        if (name.empty()) continue;
        if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding")) framed = true;
        out += name;
        out += ": ";
        out += safeText(h.value);
        out += "\r\n";
    }
    return framed;
}

bool bodilessStatus(int status) { return status < 200 || status == 204 || status == 304; }

int safeStatus(int status) { return (status >= 100 && status <= 999) ? status : 500; }

}  // namespace

const std::string* findHeader(const std::vector<Header>& headers, std::string_view name) {
    for (const Header& h : headers)
        if (iequals(h.name, name)) return &h.value;
    return nullptr;
}

void setHeader(std::vector<Header>& headers, std::string_view name, std::string value) {
    bool found = false;
    for (auto it = headers.begin(); it != headers.end();) {
        if (!iequals(it->name, name)) {
            ++it;
        } else if (!found) {
            it->value = std::move(value);
            found = true;
            ++it;
        } else {
            it = headers.erase(it);
        }
    }
    if (!found) headers.push_back(Header{std::string(name), std::move(value)});
}

std::size_t removeHeader(std::vector<Header>& headers, std::string_view name) {
    const std::size_t before = headers.size();
    std::erase_if(headers, [&](const Header& h) { return iequals(h.name, name); });
    return before - headers.size();
}

std::string serialize(const Request& request) {
    std::string method = tokenChars(request.method);
    if (method.empty()) method = "GET";
    std::string out = method;
    out += ' ';
    out += safeTarget(request.target);
    out += ' ';
    out += isVersion(request.version) ? request.version : std::string("HTTP/1.1");
    out += "\r\n";
    const bool framed = appendFields(out, request.headers);
    if (!framed && (!request.body.empty() || method == "POST" || method == "PUT"))
        out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
    out += "\r\n";
    out += request.body;
    return out;
}

std::string serializeHead(const Response& response) {
    const int status = safeStatus(response.status);
    const std::string reason = (status == response.status && !response.reason.empty())
                                   ? safeText(response.reason)
                                   : std::string(reasonPhrase(status));
    std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
    const bool framed = appendFields(out, response.headers);
    if (!framed && !bodilessStatus(status)) out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    out += "\r\n";
    return out;
}

std::string serialize(const Response& response) {
    std::string out = serializeHead(response);
    if (!bodilessStatus(safeStatus(response.status))) out += response.body;
    return out;
}

std::string_view reasonPhrase(int status) {
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 305: return "Use Proxy";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 407: return "Proxy Authentication Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 421: return "Misdirected Request";
    case 422: return "Unprocessable Content";
    case 426: return "Upgrade Required";
    case 428: return "Precondition Required";            // RFC 6585 3
    case 429: return "Too Many Requests";                // RFC 6585 4
    case 431: return "Request Header Fields Too Large";  // RFC 6585 5
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "";
    }
}

Response makeResponse(int status, std::string contentType, std::string body) {
    Response r;
    r.status = status;
    r.reason = std::string(reasonPhrase(status));
    if (!contentType.empty()) r.headers.push_back(Header{"Content-Type", std::move(contentType)});
    r.body = std::move(body);
    return r;
}

Response makeErrorResponse(int status, std::string_view detail) {
    const std::string_view reason = reasonPhrase(status);
    std::string title = std::to_string(status);
    if (!reason.empty()) title += " " + std::string(reason);
    std::string body = "<!DOCTYPE html>\n<title>" + title + "</title>\n<h1>" + title + "</h1>\n";
    if (!detail.empty()) body += "<p>" + htmlEscape(detail) + "</p>\n";
    return makeResponse(status, "text/html; charset=utf-8", std::move(body));
}

Response makeRedirect(std::string location, int status) {
    Response r = makeResponse(status, "", "");
    r.headers.push_back(Header{"Location", std::move(location)});
    return r;
}

}  // namespace postino::http
