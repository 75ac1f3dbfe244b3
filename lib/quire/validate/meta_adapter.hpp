#pragma once
// A valijson adapter over model::MetaValue (private to quire_validate). Unlike valijson's yaml-cpp
// adapter, which treats every scalar as a string, types are strict: a String "12" is not a number,
// so a schema's `type` means what JSON Schema says. Numbers keep their YAML text; they are parsed
// when valijson asks.
#include <cstdint>
#include <string>
#include <utility>
#include <valijson/exceptions.hpp>
#include <valijson/internal/adapter.hpp>
#include <valijson/internal/basic_adapter.hpp>
#include <valijson/internal/frozen_value.hpp>

#include "quire/model/document.hpp"

namespace quire::validate::detail {

// A Number's text ("12", "-3", "1.5e3", "0x1F", ".inf") as a double; false when it is not a number.
bool number_value(const std::string& text, double& out);
// The same as an int64 when it is integral (1, 1.0, 1e2) and fits; false otherwise.
bool integer_value(const std::string& text, std::int64_t& out);

class MetaAdapter;
class MetaArrayIterator;
class MetaObjectIterator;
using MetaObjectMember = std::pair<std::string, MetaAdapter>;

class MetaArray {
 public:
  using const_iterator = MetaArrayIterator;
  using iterator = MetaArrayIterator;
  MetaArray() : value_(&empty()) {}
  explicit MetaArray(const model::MetaValue& v) : value_(&v) {}
  MetaArrayIterator begin() const;
  MetaArrayIterator end() const;
  std::size_t size() const { return value_->list.size(); }

 private:
  static const model::MetaValue& empty() {
    static const model::MetaValue v = [] {
      model::MetaValue e;
      e.kind = model::MetaValue::Kind::List;
      return e;
    }();
    return v;
  }
  const model::MetaValue* value_;
};

class MetaObject {
 public:
  using const_iterator = MetaObjectIterator;
  using iterator = MetaObjectIterator;
  MetaObject() : value_(&empty()) {}
  explicit MetaObject(const model::MetaValue& v) : value_(&v) {}
  MetaObjectIterator begin() const;
  MetaObjectIterator end() const;
  MetaObjectIterator find(const std::string& name) const;
  std::size_t size() const { return value_->map.size(); }

 private:
  static const model::MetaValue& empty() {
    static const model::MetaValue v = [] {
      model::MetaValue e;
      e.kind = model::MetaValue::Kind::Map;
      return e;
    }();
    return v;
  }
  const model::MetaValue* value_;
};

// Owns a copy (for enum and const values held by a parsed schema).
class MetaFrozenValue : public valijson::adapters::FrozenValue {
 public:
  explicit MetaFrozenValue(model::MetaValue v) : value_(std::move(v)) {}
  FrozenValue* clone() const override { return new MetaFrozenValue(value_); }
  bool equalTo(const valijson::adapters::Adapter& other, bool strict) const override;

 private:
  model::MetaValue value_;
};

class MetaValueWrapper {
 public:
  using Kind = model::MetaValue::Kind;
  MetaValueWrapper() : value_(&null_value()) {}
  explicit MetaValueWrapper(const model::MetaValue& v) : value_(&v) {}

  valijson::adapters::FrozenValue* freeze() const { return new MetaFrozenValue(*value_); }

  opt::optional<MetaArray> getArrayOptional() const {
    if (isArray()) return opt::make_optional(MetaArray(*value_));
    return {};
  }
  opt::optional<MetaObject> getObjectOptional() const {
    if (isObject()) return opt::make_optional(MetaObject(*value_));
    return {};
  }
  bool getArraySize(std::size_t& out) const {
    if (!isArray()) return false;
    out = value_->list.size();
    return true;
  }
  bool getObjectSize(std::size_t& out) const {
    if (!isObject()) return false;
    out = value_->map.size();
    return true;
  }
  bool getBool(bool& out) const {
    if (!isBool()) return false;
    out = value_->scalar == "true";
    return true;
  }
  bool getDouble(double& out) const { return isNumber() && number_value(value_->scalar, out); }
  bool getInteger(std::int64_t& out) const { return isNumber() && integer_value(value_->scalar, out); }
  bool getString(std::string& out) const {
    if (!isString()) return false;
    out = value_->scalar;
    return true;
  }

  static bool hasStrictTypes() { return true; }
  bool isArray() const { return value_->kind == Kind::List; }
  bool isObject() const { return value_->kind == Kind::Map; }
  bool isBool() const { return value_->kind == Kind::Bool; }
  bool isNull() const { return value_->kind == Kind::Null; }
  bool isString() const { return value_->kind == Kind::String; }
  bool isNumber() const { return value_->kind == Kind::Number; }
  bool isInteger() const {
    std::int64_t i;
    return isNumber() && integer_value(value_->scalar, i);
  }
  bool isDouble() const { return isNumber() && !isInteger(); }

 private:
  static const model::MetaValue& null_value() {
    static const model::MetaValue v;
    return v;
  }
  const model::MetaValue* value_;
};

class MetaAdapter
    : public valijson::adapters::BasicAdapter<MetaAdapter, MetaArray, MetaObjectMember, MetaObject, MetaValueWrapper> {
 public:
  MetaAdapter() = default;
  explicit MetaAdapter(const model::MetaValue& v) : BasicAdapter(MetaValueWrapper(v)) {}
};

class MetaArrayIterator {
 public:
  using iterator_category = std::forward_iterator_tag;
  using value_type = MetaAdapter;
  using difference_type = MetaAdapter;
  using pointer = MetaAdapter*;
  using reference = MetaAdapter&;

  explicit MetaArrayIterator(const model::MetaValue* item) : item_(item) {}
  MetaAdapter operator*() const { return MetaAdapter(*item_); }
  valijson::adapters::DerefProxy<MetaAdapter> operator->() const {
    return valijson::adapters::DerefProxy<MetaAdapter>(**this);
  }
  bool operator==(const MetaArrayIterator& o) const { return item_ == o.item_; }
  bool operator!=(const MetaArrayIterator& o) const { return item_ != o.item_; }
  const MetaArrayIterator& operator++() {
    ++item_;
    return *this;
  }
  MetaArrayIterator operator++(int) {
    MetaArrayIterator before = *this;
    ++item_;
    return before;
  }
  const MetaArrayIterator& operator--() {
    --item_;
    return *this;
  }
  void advance(std::ptrdiff_t n) { item_ += n; }

 private:
  const model::MetaValue* item_;
};

class MetaObjectIterator {
 public:
  using Entry = std::pair<std::string, model::MetaValue>;
  using iterator_category = std::forward_iterator_tag;
  using value_type = MetaObjectMember;
  using difference_type = MetaObjectMember;
  using pointer = MetaObjectMember*;
  using reference = MetaObjectMember&;

  explicit MetaObjectIterator(const Entry* entry) : entry_(entry) {}
  MetaObjectMember operator*() const { return MetaObjectMember(entry_->first, MetaAdapter(entry_->second)); }
  valijson::adapters::DerefProxy<MetaObjectMember> operator->() const {
    return valijson::adapters::DerefProxy<MetaObjectMember>(**this);
  }
  bool operator==(const MetaObjectIterator& o) const { return entry_ == o.entry_; }
  bool operator!=(const MetaObjectIterator& o) const { return entry_ != o.entry_; }
  const MetaObjectIterator& operator++() {
    ++entry_;
    return *this;
  }
  MetaObjectIterator operator++(int) {
    MetaObjectIterator before = *this;
    ++entry_;
    return before;
  }

 private:
  const Entry* entry_;
};

inline bool MetaFrozenValue::equalTo(const valijson::adapters::Adapter& other, bool strict) const {
  return MetaAdapter(value_).equalTo(other, strict);
}

inline MetaArrayIterator MetaArray::begin() const { return MetaArrayIterator(value_->list.data()); }
inline MetaArrayIterator MetaArray::end() const { return MetaArrayIterator(value_->list.data() + value_->list.size()); }
inline MetaObjectIterator MetaObject::begin() const { return MetaObjectIterator(value_->map.data()); }
inline MetaObjectIterator MetaObject::end() const {
  return MetaObjectIterator(value_->map.data() + value_->map.size());
}
inline MetaObjectIterator MetaObject::find(const std::string& name) const {
  for (const auto& entry : value_->map)
    if (entry.first == name) return MetaObjectIterator(&entry);
  return end();
}

}  // namespace quire::validate::detail

template <>
struct valijson::adapters::AdapterTraits<quire::validate::detail::MetaAdapter> {
  using DocumentType = quire::model::MetaValue;
  static std::string adapterName() { return "MetaAdapter"; }
};
