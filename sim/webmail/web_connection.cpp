#include "webmail/web_connection.h"

namespace postino::webmail {

WebConnection::WebConnection(Handler handler, std::function<void()> wake) : m_state(std::make_shared<State>()) {
    m_state->handler = std::move(handler);
    m_state->wake = std::move(wake);
}

void WebConnection::feed(std::string_view bytes) {
    m_state->http.feed(bytes);
    dispatch(m_state);
}

std::string WebConnection::takeOutput() { return m_state->http.takeOutput(); }

bool WebConnection::wantsClose() const { return m_state->http.wantsClose(); }

void WebConnection::dispatch(const std::shared_ptr<State>& state) {
    while (!state->busy && state->http.hasRequest()) {
        state->busy = true;
        // Whether the handler answered before returning (then this loop goes on) or later
        // (then the answer itself dispatches the next request and wakes the owner).
        struct Call {
            bool inside = true;
            bool answered = false;
        };
        auto call = std::make_shared<Call>();
        std::weak_ptr<State> weak = state;
        state->handler(state->http.request(), [weak, call](http::Response response) {
            auto s = weak.lock();
            if (!s || !s->busy || call->answered) return;
            call->answered = true;
            s->http.respond(std::move(response));
            s->busy = false;
            if (call->inside) return;
            dispatch(s);
            if (s->wake) s->wake();
        });
        call->inside = false;
        if (!call->answered) return;
    }
}

}  // namespace postino::webmail
