// How a mail client uses TLS, the same for SMTP, POP3 and IMAP (a mail program's "Connection
// security", Postfix's smtp_tls_security_level), and what it does once it knows what the server offers.
#pragma once

namespace postino::tls {

// Not at all; STARTTLS / STLS when the server offers it, else in clear (Postfix's "may": relays);
// STARTTLS / STLS or give up before any password (a mail program set to STARTTLS); TLS from the
// first byte (465, 995, 993).
enum class ClientTls { None, Opportunistic, Required, Implicit };

// After the server's capabilities (EHLO, CAPA, CAPABILITY): ask for TLS, refuse a server without
// it, or go on as we are (in clear by choice, or already inside TLS).
enum class StartTlsStep { Ask, Refuse, GoOn };
constexpr StartTlsStep startTlsStep(ClientTls mode, bool insideTls, bool offered) {
    if (insideTls || (mode != ClientTls::Opportunistic && mode != ClientTls::Required)) return StartTlsStep::GoOn;
    if (offered) return StartTlsStep::Ask;
    return mode == ClientTls::Required ? StartTlsStep::Refuse : StartTlsStep::GoOn;
}

}  // namespace postino::tls
