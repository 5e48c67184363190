// The values of non-string entries: one object per key (types/list_value.h,
// hash_value.h, set_value.h, zset_value.h), owned by its entry, which holds a pointer
// to it. Entry frees, copies and describes any of them through this one switch, so a
// new collection type is added here and nowhere else in Entry.
//
// Every value class T derives from KeyspaceAllocated and offers: `static constexpr
// ValueType kType`, a copy constructor (COPY), `Encoding encoding() const` (what OBJECT
// ENCODING reports, kept by the value itself as it converts between encodings) and
// `size_t AllocatedBytes() const` (the heap it owns beyond the object, for MEMORY
// USAGE; allocated through alloc::Allocate, as the object itself is).
//
// Pure and thread-safe; the caller holds whatever lock guards the value.
#pragma once

#include <cstddef>

#include "alloc/memory.h"
#include "types/entry.h"

namespace ringdb::types {

// Values are keyspace data: their objects come from the keyspace allocator, so INFO's
// used_memory_dataset and the slab pools see them like entries.
struct KeyspaceAllocated {
  static void* operator new(size_t size) { return alloc::Allocate(size); }
  static void operator delete(void* p) { alloc::Free(p); }
};

// REQUIRES for all: `type` is not kString and `object` is a value of that type.
void DestroyObject(ValueType type, void* object);
void* CloneObject(ValueType type, const void* object);
Encoding ObjectEncoding(ValueType type, const void* object);
// The object plus the heap it owns.
size_t ObjectBytes(ValueType type, const void* object);

}  // namespace ringdb::types
