// One browser connection to the webmail: an HTTP/1.1 server engine whose requests are
// answered later, once the webmail has spoken IMAP or SMTP to the mail server for them.
// Used alike by simulated connections and by live sockets (postino serve).
#pragma once

#include "http/message.h"
#include "http/server_session.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace postino::webmail {

class WebConnection {
public:
    using Respond = std::function<void(http::Response)>;
    // Answers one request, now or later, by calling `respond` exactly once. The
    // connection may be gone by then: the answer is then dropped.
    using Handler = std::function<void(const http::Request&, Respond respond)>;

    // `wake` is called when an answer arrives later, so the owner sends it.
    WebConnection(Handler handler, std::function<void()> wake);

    void start() {}
    void feed(std::string_view bytes);
    std::string takeOutput();
    bool wantsClose() const;

private:
    struct State {
        http::ServerSession http;
        Handler handler;
        std::function<void()> wake;
        bool busy = false;  // a request is with the handler
    };
    // Hands the oldest request to the handler when none is being answered (pipelined
    // requests wait their turn: responses go out in request order).
    static void dispatch(const std::shared_ptr<State>& state);

    std::shared_ptr<State> m_state;
};

}  // namespace postino::webmail
