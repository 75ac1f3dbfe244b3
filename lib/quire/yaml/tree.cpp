#include "quire/yaml/tree.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>
#include <unordered_set>

#include "quire/yaml/scalars.hpp"

namespace quire::yaml::detail {

const Node* Node::find(std::string_view key) const {
  if (type != Type::Map) return nullptr;
  for (std::size_t i = 0; i < map_size(); ++i)
    if (key_at(i).is_scalar() && key_at(i).value == key) return &value_at(i);
  return nullptr;
}

void Reporter::error(const SourcePos& pos, std::string message, std::string hint) {
  if (count_ >= cap_) return;
  std::pair<int, int> at{pos.line, pos.col};
  if (std::find(seen_.begin(), seen_.end(), at) != seen_.end()) return;
  seen_.push_back(at);
  ++count_;
  if (count_ < cap_) {
    diags_.error(pos, std::move(message), std::move(hint));
  } else {
    diags_.error(pos,
                 "too many errors in this document (only the first " + std::to_string(cap_ - 1) + " are reported)");
  }
}

namespace {

class Builder : public YAML::EventHandler {
 public:
  Builder(const Source& source, Reporter& report) : source_(source), report_(report) {}

  Node root;
  bool started = false;

  void OnDocumentStart(const YAML::Mark&) override { started = true; }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { add(make(Node::Type::Null, mark)); }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    report_.error(at(mark), "aliases are not allowed in quire documents");
    add(make(Node::Type::Null, mark));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, const std::string& value) override {
    Node n = make(Node::Type::Scalar, mark);
    n.plain = tag == "?";
    if (tag != "?" && tag != "!") n.tag = checked_tag(tag, mark);
    n.value = value;
    add(std::move(n));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(Node::Type::Seq, mark, tag);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t, YAML::EmitterStyle::value) override {
    open(Node::Type::Map, mark, tag);
  }
  void OnMapEnd() override { close(); }

  SourcePos at(const YAML::Mark& mark) const {
    if (mark.is_null()) return {source_.file, source_.first_line, 0};
    return {source_.file, source_.first_line + mark.line, mark.column + 1};
  }

 private:
  const Source& source_;
  Reporter& report_;
  std::vector<Node*> stack_;
  int skipped_ = 0;  // collections open beyond max_depth: their content is dropped

  Node make(Node::Type type, const YAML::Mark& mark) const {
    Node n;
    n.type = type;
    n.pos = at(mark);
    return n;
  }

  std::string checked_tag(const std::string& tag, const YAML::Mark& mark) {
    static const std::unordered_set<std::string> core = {
        "tag:yaml.org,2002:str",  "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"};
    if (!core.count(tag)) report_.error(at(mark), "unsupported tag \"" + tag + "\"");
    return tag;
  }

  Node* add(Node n) {
    if (skipped_ > 0) return nullptr;
    if (stack_.empty()) {
      root = std::move(n);
      return &root;
    }
    stack_.back()->items.push_back(std::move(n));
    return &stack_.back()->items.back();
  }

  void open(Node::Type type, const YAML::Mark& mark, const std::string& tag) {
    if (skipped_ > 0 || static_cast<int>(stack_.size()) >= source_.max_depth) {
      if (skipped_ == 0) {
        report_.error(at(mark), "nesting is deeper than " + std::to_string(source_.max_depth) + " levels");
        add(make(Node::Type::Null, mark));  // keeps a map's keys and values paired
      }
      ++skipped_;
      return;
    }
    if (tag != "?" && tag != "!") checked_tag(tag, mark);
    stack_.push_back(add(make(type, mark)));
  }

  void close() {
    if (skipped_ > 0) {
      --skipped_;
      return;
    }
    Node* done = stack_.back();
    stack_.pop_back();
    if (done->is_map()) check_duplicates(*done);
  }

  void check_duplicates(const Node& map) {
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < map.map_size(); ++i) {
      const Node& k = map.key_at(i);
      if (!k.is_scalar() && !k.is_null()) continue;
      std::string id = k.is_null() ? std::string("\0null", 5) : k.value;
      if (!seen.insert(id).second)
        report_.error(k.pos, "duplicate key \"" + (k.is_null() ? std::string("null") : k.value) + "\"");
    }
  }
};

// Reports invalid UTF-8 and NUL bytes (one per line) and returns the text with each such byte
// replaced by '?', so that yaml-cpp (which passes them through) sees clean input at the same columns.
std::string check_encoding(const Source& source, Reporter& report) {
  std::string_view text = source.text;
  std::string clean;
  int line = source.first_line;
  std::size_t line_start = 0;
  bool line_reported = false;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    int n = text[i] == '\0' ? 0 : decode_utf8(text, i, cp);
    if (n > 0) {
      if (cp == '\n') ++line, line_start = i + 1, line_reported = false;
      i += static_cast<std::size_t>(n);
      continue;
    }
    if (clean.empty()) clean = std::string(text);
    clean[i] = '?';
    if (!line_reported) {
      SourcePos pos{source.file, line, static_cast<int>(i - line_start) + 1};
      report.error(pos, text[i] == '\0' ? "NUL byte in YAML text"
                                        : "invalid UTF-8 (byte column " + std::to_string(pos.col) + ")");
      line_reported = true;
    }
    ++i;
  }
  return clean;
}

}  // namespace

Node parse(const Source& source, Reporter& report) {
  std::string clean = check_encoding(source, report);
  std::istringstream in(clean.empty() ? std::string(source.text) : clean);
  Builder builder(source, report);
  try {
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const YAML::DeepRecursion& e) {
    report.error(builder.at(e.mark), "nesting is too deep for the YAML parser");
    return {};
  } catch (const YAML::ParserException& e) {
    report.error(builder.at(e.mark), "invalid YAML: " + e.msg);
    return {};
  } catch (const YAML::Exception& e) {
    report.error(builder.at(e.mark), "invalid YAML: " + e.msg);
    return {};
  }
  return std::move(builder.root);
}

}  // namespace quire::yaml::detail
