#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace steward::platforms {

// Readers of fields in a platform's answers that never throw: an answer of an unexpected shape
// (a string where a flag belongs) reads as absent instead of ending the call's coroutine.

/// The field's text; empty unless it is a string (numbers give their decimal text).
std::string text_field(const nlohmann::json& object, const char* key);

/// True only for a JSON `true`.
bool flag_field(const nlohmann::json& object, const char* key);

/// The field if it is an object, else an empty object.
const nlohmann::json& object_field(const nlohmann::json& object, const char* key);

/// The field if it is an array, else an empty array.
const nlohmann::json& array_field(const nlohmann::json& object, const char* key);

/// The field's integer value, or `otherwise` when it is absent or no integer.
std::int64_t integer_field(const nlohmann::json& object, const char* key, std::int64_t otherwise);

}  // namespace steward::platforms
