// Wording of DNS questions for the authentication checks' explanations.
#include "auth/auth_dns.h"

namespace postino::auth {

std::string describe(const DnsQuestion& q) { return dns::typeName(q.type) + " " + q.name; }

}  // namespace postino::auth
