// HTTP/1.1 requests and responses as plain structs: header look-up, serialization, reason phrases.
// RFC 9110 (5 fields, 8.6 Content-Length, 15 status codes), RFC 9112 (2-4 message and start-line syntax, 6 framing).
#pragma once

#include <string>
#include <string_view>
#include <vector>

// Deliberate choices:
// - serialize() frames with Content-Length only; it never transforms the body. If the caller set
//   Content-Length or Transfer-Encoding it adds nothing and writes the body as given (so a caller
//   that sets "Transfer-Encoding: chunked" passes a body already made by chunkEncode()).
// - Request: Content-Length is added when the body is non-empty or the method is POST or PUT
//   (RFC 9110 8.6: methods that expect content), e.g. "Content-Length: 0" for an empty POST.
//   Response: always added, except for 1xx, 204 and 304, which also never carry a body.
// - Nothing serialize() writes can break the framing, whatever the struct holds: bytes that
//   are not tchar are dropped from the method (an empty method becomes "GET") and from field
//   names (a field whose name ends up empty is left out), CR, LF and NUL in field values and
//   the reason phrase become SP, bytes of the target outside VCHAR are percent-encoded, an
//   empty target becomes "/", a version that is not "HTTP/d.d" becomes "HTTP/1.1", and a
//   status outside 100-999 becomes 500.
// - Responses are written as "HTTP/1.1" (RFC 9110 6.2: a server sends its own highest version).
//   An empty reason is filled from reasonPhrase(); an unknown code keeps "HTTP/1.1 299 \r\n".

namespace postino::http {

struct Header {
    std::string name;
    std::string value;
};

// The first field named `name` (ASCII case-insensitive), or nullptr.
const std::string* findHeader(const std::vector<Header>& headers, std::string_view name);
// Replaces the value of the first field named `name` and removes the others; appends when absent.
void setHeader(std::vector<Header>& headers, std::string_view name, std::string value);
// Removes every field named `name`; returns how many there were.
std::size_t removeHeader(std::vector<Header>& headers, std::string_view name);

struct Request {
    std::string method;
    std::string target;  // as on the wire: "/message?uid=3" (see splitTarget in form.h)
    std::string version = "HTTP/1.1";
    std::vector<Header> headers;  // in wire order, names as received, values without OWS
    std::string body;             // decoded (no chunk framing)

    const std::string* header(std::string_view name) const { return findHeader(headers, name); }
};

struct Response {
    int status = 200;
    std::string reason;  // empty: reasonPhrase(status) when serialized
    std::vector<Header> headers;
    std::string body;

    const std::string* header(std::string_view name) const { return findHeader(headers, name); }
};

std::string serialize(const Request& request);
std::string serialize(const Response& response);
// Status line and fields, with the empty line, exactly as serialize() writes them (including the
// Content-Length computed from the body) but without the body: for HEAD responses.
std::string serializeHead(const Response& response);

// RFC 9110 15 reason phrases (and 428/429/431 from RFC 6585); "" for a code it does not define.
std::string_view reasonPhrase(int status);

// A response with the standard reason phrase, "Content-Type: contentType" (left out when
// empty) and the body.
Response makeResponse(int status, std::string contentType, std::string body);
// A short HTML page "<status> <reason>" plus the HTML-escaped detail when not empty; what the
// server engine sends for the requests it refuses, and handy for the owner's 404 / 405.
Response makeErrorResponse(int status, std::string_view detail = {});
// 3xx with Location and an empty body; 303 is the POST-redirect-GET answer (RFC 9110 15.4.4).
Response makeRedirect(std::string location, int status = 303);

}  // namespace postino::http
