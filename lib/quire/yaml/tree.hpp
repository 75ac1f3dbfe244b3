#pragma once
// A small YAML tree built from yaml-cpp's event API (private to quire_yaml). Unlike YAML::Load it
// never expands aliases, keeps positions in the user's file, and checks what yaml-cpp lets through:
// aliases, duplicate keys, nesting depth, invalid UTF-8 and NUL bytes.
#include <string>
#include <vector>

#include "quire/diag/diagnostic.hpp"

namespace quire::yaml::detail {

struct Node {
  enum class Type { Null, Scalar, Seq, Map };
  Type type = Type::Null;
  bool plain = false;  // an untagged plain scalar: typed by the core schema
  std::string tag;     // an explicit tag ("tag:yaml.org,2002:str"), empty when none
  std::string value;   // a scalar's text
  SourcePos pos;
  std::vector<Node> items;  // Seq: the items; Map: key, value, key, value, …

  bool is_map() const { return type == Type::Map; }
  bool is_seq() const { return type == Type::Seq; }
  bool is_scalar() const { return type == Type::Scalar; }
  bool is_null() const { return type == Type::Null; }
  std::size_t map_size() const { return items.size() / 2; }
  const Node& key_at(std::size_t i) const { return items[2 * i]; }
  const Node& value_at(std::size_t i) const { return items[2 * i + 1]; }
  // The value of a scalar key, or nullptr.
  const Node* find(std::string_view key) const;
};

// Diagnostics of one document, capped so that a hostile document cannot flood the output. Only the
// first error at a position is kept: a broken node (an alias read as nothing) reports once.
class Reporter {
 public:
  explicit Reporter(Diagnostics& diags, int cap = 100) : diags_(diags), cap_(cap) {}
  void error(const SourcePos& pos, std::string message, std::string hint = {});
  int count() const { return count_; }

 private:
  Diagnostics& diags_;
  int cap_;
  int count_ = 0;
  std::vector<std::pair<int, int>> seen_;
};

struct Source {
  std::string_view text;  // one YAML document
  std::string file;
  int first_line = 1;  // the line of text[0] in `file`
  int max_depth = 256;
};

// Parses the first document of `source`. Reports every problem found; returns a Null node when the
// text holds no document or could not be parsed at all.
Node parse(const Source& source, Reporter& report);

}  // namespace quire::yaml::detail
