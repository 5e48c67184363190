#include "types/object.h"

#include <cstdlib>
#include <type_traits>

#include "types/hash_value.h"
#include "types/list_value.h"
#include "types/set_value.h"
#include "types/zset_value.h"

namespace ringdb::types {
namespace {

// Calls f(static_cast<T*>(object)) with T the value class of `type`.
template <typename Object, typename F>
auto WithValue(ValueType type, Object* object, F&& f) {
  switch (type) {
    case ValueType::kList: return f(static_cast<ListValue*>(object));
    case ValueType::kHash: return f(static_cast<HashValue*>(object));
    case ValueType::kSet: return f(static_cast<SetValue*>(object));
    case ValueType::kZSet: return f(static_cast<ZSetValue*>(object));
    case ValueType::kString:
    case ValueType::kStream:
      break;
  }
  std::abort();  // a string or stream entry has no object: a corrupted entry
}

}  // namespace

void DestroyObject(ValueType type, void* object) {
  WithValue(type, object, [](auto* v) { delete v; });
}

void* CloneObject(ValueType type, const void* object) {
  return WithValue(type, const_cast<void*>(object), [](auto* v) -> void* {
    using T = std::remove_pointer_t<decltype(v)>;
    return new T(*v);
  });
}

Encoding ObjectEncoding(ValueType type, const void* object) {
  return WithValue(type, const_cast<void*>(object), [](auto* v) { return v->encoding(); });
}

size_t ObjectBytes(ValueType type, const void* object) {
  return alloc::UsableSize(object) +
         WithValue(type, const_cast<void*>(object), [](auto* v) { return v->AllocatedBytes(); });
}

}  // namespace ringdb::types
