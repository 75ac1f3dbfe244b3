#pragma once
// std::visit helper: overloaded{[](const A&){…}, [](const B&){…}}.
namespace quire {
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
}  // namespace quire
