// libFuzzer target for the HTTP/1.1 engines. First byte: bit 0 picks the side (0 = server fed
// request bytes, 1 = client fed response bytes); bits 1-2 pick the client's request.
// Invariants: the server's output is a sequence of well-framed responses (status line, fields,
// Content-Length bodies; none for HEAD, 1xx, 204, 304), one per request it handed over plus at
// most one error response that closes; the same bytes at once or one byte at a time give the
// same requests and output (when the owner answers after the input); answering as requests
// arrive also gives well-framed output; after the input, a "Connection: close" request (after
// filling any body the input announced) ends the connection. The client sends exactly its
// request and ends once the connection closes; a success has a final status and a body that
// matches its framing.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "http/client_session.h"
#include "http/message.h"
#include "http/server_session.h"

using namespace postino;
using namespace postino::fuzz;

namespace {

const std::string kCloseRequest = "\r\n\r\nGET /end HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

std::string describeRequest(const http::Request& r) {
    std::string s = r.method + " " + r.target + " " + r.version + "\n";
    for (const auto& h : r.headers) s += h.name + ": " + h.value + "\n";
    return s + std::to_string(r.body.size()) + ":" + r.body + "\n";
}

// The owner: what it answers depends on the request, so a parsing difference shows.
http::Response answerFor(const http::Request& r) {
    http::Response resp;
    if (r.target.find("missing") != std::string::npos)
        resp = http::makeErrorResponse(404, r.target);
    else if (r.method == "POST")
        resp = http::makeRedirect("/done");
    else
        resp = http::makeResponse(200, "text/plain", describeRequest(r));
    if (r.target.find("close") != std::string::npos) http::setHeader(resp.headers, "Connection", "close");
    if (r.target.find("chunk") != std::string::npos) http::setHeader(resp.headers, "Transfer-Encoding", "chunked");
    return resp;
}

struct ServerRun {
    http::ServerSession session;
    std::string out;
    std::string requests;
    std::vector<bool> heads;  // per answered request: was it HEAD?

    void feed(std::string_view bytes) {
        session.feed(bytes);
        out += session.takeOutput();
    }
    void answerAll() {
        while (session.hasRequest()) {
            const http::Request& r = session.request();
            requests += describeRequest(r);
            heads.push_back(r.method == "HEAD");
            session.respond(answerFor(r));
            out += session.takeOutput();
        }
    }
};

std::size_t parseSize(std::string_view v) {
    require(!v.empty() && v.size() <= 9, "HTTP server: bad Content-Length value", v);
    std::size_t n = 0;
    for (char c : v) {
        require(c >= '0' && c <= '9', "HTTP server: bad Content-Length value", v);
        n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return n;
}

// Well-framed responses: one per answered request (in order) plus 100 Continue interim ones
// and at most one final error response with Connection: close.
void checkServerOutput(const ServerRun& run) {
    std::string_view rest = run.out;
    std::size_t finals = 0;
    bool closed = false;
    while (!rest.empty()) {
        require(!closed, "HTTP server: output after a response that closed the connection", run.out);
        const std::size_t headEnd = rest.find("\r\n\r\n");
        require(headEnd != std::string_view::npos, "HTTP server: output ends inside a response head", run.out);
        const std::string_view head = rest.substr(0, headEnd + 2);
        rest.remove_prefix(headEnd + 4);
        const std::vector<std::string_view> lines = crlfLines(head, "HTTP server head");
        const std::string_view status = lines.at(0);
        require(status.size() >= 12 && startsWith(status, "HTTP/1.1 ") && status[9] >= '1' && status[9] <= '5' &&
                    status[10] >= '0' && status[10] <= '9' && status[11] >= '0' && status[11] <= '9' &&
                    (status.size() == 12 || status[12] == ' '),
                "HTTP server: bad status line", status);
        const int code = (status[9] - '0') * 100 + (status[10] - '0') * 10 + (status[11] - '0');
        std::string_view length;
        bool haveLength = false, close = false;
        for (std::size_t i = 1; i < lines.size(); ++i) {
            const std::string_view f = lines[i];
            const std::size_t colon = f.find(':');
            require(colon != std::string_view::npos && colon > 0, "HTTP server: bad field line", f);
            for (char c : f)
                require(c == '\t' || static_cast<unsigned char>(c) >= 0x20, "HTTP server: control byte in a field", f);
            std::string name(f.substr(0, colon));
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::string_view value = f.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            if (name == "content-length") {
                require(!haveLength, "HTTP server: two Content-Length fields", head);
                haveLength = true;
                length = value;
            }
            require(name != "transfer-encoding", "HTTP server: Transfer-Encoding in a response", head);
            if (name == "connection" && value == "close") close = true;
        }
        if (code == 100) {
            require(lines.size() == 1, "HTTP server: 100 Continue with fields", head);
            continue;
        }
        const bool error = finals >= run.heads.size();
        require(!error || close, "HTTP server: a response nobody asked for, without Connection: close", run.out);
        const bool head_ = !error && run.heads[finals];
        ++finals;
        closed = close;
        if (code == 204 || code == 304 || (code >= 100 && code < 200)) continue;
        require(haveLength, "HTTP server: a response without Content-Length", head);
        const std::size_t n = parseSize(length);
        if (head_ || (error && rest.size() < n)) continue;  // HEAD: no body (an error may answer a HEAD)
        require(rest.size() >= n, "HTTP server: body shorter than its Content-Length", run.out);
        rest.remove_prefix(n);
    }
    require(finals == run.heads.size() || finals == run.heads.size() + 1, "HTTP server: responses missing", run.out);
}

void fuzzServer(std::string_view data) {
    ServerRun whole, bytes, asTheyCome;
    feedSplit(data, Split::Whole, [&](std::string_view p) { whole.feed(p); });
    feedSplit(data, Split::Bytes, [&](std::string_view p) { bytes.feed(p); });
    whole.answerAll();
    bytes.answerAll();
    require(whole.requests == bytes.requests, "HTTP server: requests differ when fed one byte at a time",
            whole.requests + "\n--\n" + bytes.requests);
    require(whole.out == bytes.out, "HTTP server: output differs when fed one byte at a time",
            whole.out + "\n--\n" + bytes.out);
    require(whole.session.wantsClose() == bytes.session.wantsClose(), "HTTP server: closing differs by split");
    checkServerOutput(whole);

    // The owner answers as soon as requests arrive (fed line by line).
    std::size_t pos = 0;
    while (pos < data.size()) {
        std::size_t end = data.find('\n', pos);
        end = end == std::string_view::npos ? data.size() : end + 1;
        asTheyCome.feed(data.substr(pos, end - pos));
        asTheyCome.answerAll();
        pos = end;
    }
    checkServerOutput(asTheyCome);

    // Never stuck: a closing request ends the connection (after any announced body is filled).
    whole.feed(kCloseRequest);
    whole.answerAll();
    if (!whole.session.wantsClose()) {
        whole.feed(std::string(http::kMaxRequestBody + 16, '0') + kCloseRequest);
        whole.answerAll();
    }
    require(whole.session.wantsClose(), "HTTP server: still open after a Connection: close request", whole.out);
    checkServerOutput(whole);
}

http::Request requestFor(std::uint8_t mode) {
    http::Request r;
    r.target = "/inbox?page=1";
    r.headers = {{"Host", "webmail.example"}, {"Cookie", "sid=abc"}};
    switch ((mode >> 1) & 3) {
    case 0: r.method = "GET"; break;
    case 1: r.method = "HEAD"; break;
    case 2:
        r.method = "POST";
        r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
        r.body = "user=bob&password=builder";
        break;
    default:
        r.method = "GET";
        r.version = "HTTP/1.0";
        r.headers.clear();
    }
    return r;
}

struct ClientRun {
    http::ClientSession session;
    std::string out;
    explicit ClientRun(http::Request r) : session(std::move(r)) {
        session.start();
        out += session.takeOutput();
    }
    void feed(std::string_view bytes) {
        session.feed(bytes);
        out += session.takeOutput();
    }
    std::string result() const {
        const http::ClientResult& r = session.result();
        std::string s = std::to_string(r.success) + " " + r.failureReason + " " + std::to_string(r.response.status) +
                        " " + r.response.reason + "\n";
        for (const auto& h : r.response.headers) s += h.name + ": " + h.value + "\n";
        return s + r.response.body;
    }
};

void fuzzClient(std::uint8_t mode, std::string_view data) {
    const http::Request request = requestFor(mode);
    ClientRun whole(request), bytes(request);
    feedSplit(data, Split::Whole, [&](std::string_view p) { whole.feed(p); });
    feedSplit(data, Split::Bytes, [&](std::string_view p) { bytes.feed(p); });
    require(whole.out == bytes.out, "HTTP client: output differs by split");
    require(whole.result() == bytes.result(), "HTTP client: result differs when fed one byte at a time",
            whole.result() + "\n--\n" + bytes.result());
    require(whole.session.finished() == bytes.session.finished(), "HTTP client: finished differs by split");
    require(whole.out == http::serialize(request), "HTTP client: sent something else than its request", whole.out);

    whole.session.connectionClosed();
    require(whole.session.finished(), "HTTP client: not finished after the connection closed");
    const http::ClientResult& r = whole.session.result();
    require(r.success != !r.failureReason.empty(), "HTTP client: success and a failure reason disagree");
    if (r.success) {
        require(r.response.status >= 200 && r.response.status <= 599, "HTTP client: success with a non-final status");
        require(r.response.body.size() <= http::kMaxResponseBody, "HTTP client: body over the limit");
        if (request.method == "HEAD" || r.response.status == 204 || r.response.status == 304)
            require(r.response.body.empty(), "HTTP client: a body where the framing allows none");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    const Input in = splitMode(bytes, size);
    if (in.mode & 1)
        fuzzClient(in.mode, in.data);
    else
        fuzzServer(in.data);
    return 0;
}
