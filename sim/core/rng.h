// A small seeded random generator (xoshiro256** seeded by splitmix64) whose
// output is identical on every platform, unlike std:: distributions.
// Used for TCP initial sequence numbers, DNS ids, generated content.
#pragma once

#include <cstdint>

namespace postino {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 1) { reseed(seed); }
    void reseed(std::uint64_t seed);
    std::uint64_t next();
    // Uniform in [0, bound) without modulo bias; bound > 0.
    std::uint64_t below(std::uint64_t bound);
    std::uint32_t next32() { return static_cast<std::uint32_t>(next() >> 32); }

private:
    std::uint64_t m_s[4] = {};
};

// One splitmix64 step: a good mixer for deriving sub-seeds.
std::uint64_t splitmix64(std::uint64_t& state);

}  // namespace postino
