#pragma once
// std::visit helper: overloaded{[](const A&){…}, [](const B&){…}}.
namespace quire {
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;  // C++20 deduces this; clang 14 (the fuzz build) needs it spelt out
}  // namespace quire
