#pragma once
// The record readers behind open_records (private to quire_data).
#include <istream>
#include <memory>
#include <string>

#include "quire/data/records.hpp"

namespace quire::data::detail {

std::unique_ptr<RecordReader> open_csv(std::istream& in, const std::string& name, char separator);
std::unique_ptr<RecordReader> open_json(std::istream& in, const std::string& name);
std::unique_ptr<RecordReader> open_yaml(std::istream& in, const std::string& name);

}  // namespace quire::data::detail
