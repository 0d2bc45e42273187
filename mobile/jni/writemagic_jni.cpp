// JNI bridge: com.writemagic.core.WriteMagicCore (the original natives, over the compatibility
// layer) and com.writemagic.WriteMagic (over the handle API). Java strings cross as UTF-16 and
// are converted to and from real UTF-8 here (JNI's "modified UTF-8" is not UTF-8). Nothing
// thrown in C++ crosses into Java; facade failures become WriteMagic.Error exceptions.
#include <jni.h>

#include <cstdint>
#include <string>

#include "mobile/include/writemagic.h"
#include "mobile/src/compat.hpp"

namespace {

JavaVM* g_vm = nullptr;

// UTF-16 -> UTF-8; unpaired surrogates become U+FFFD.
std::string to_utf8(JNIEnv* env, jstring s) {
  std::string out;
  if (s == nullptr) return out;
  jsize n = env->GetStringLength(s);
  const jchar* p = env->GetStringChars(s, nullptr);
  out.reserve(static_cast<size_t>(n));
  for (jsize i = 0; i < n; ++i) {
    uint32_t c = p[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && p[i + 1] >= 0xDC00 && p[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (p[i + 1] - 0xDC00);
      ++i;
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      c = 0xFFFD;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  env->ReleaseStringChars(s, p);
  return out;
}

// UTF-8 (valid: the facade only returns valid UTF-8) -> Java string.
jstring to_java(JNIEnv* env, const char* s, size_t n) {
  if (s == nullptr) return nullptr;
  std::u16string out;
  out.reserve(n);
  for (size_t i = 0; i < n;) {
    auto b = static_cast<unsigned char>(s[i]);
    uint32_t c;
    int len;
    if (b < 0x80) {
      c = b;
      len = 1;
    } else if ((b >> 5) == 6) {
      c = b & 0x1F;
      len = 2;
    } else if ((b >> 4) == 14) {
      c = b & 0x0F;
      len = 3;
    } else {
      c = b & 0x07;
      len = 4;
    }
    if (i + static_cast<size_t>(len) > n) break;
    for (int k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += static_cast<size_t>(len);
    if (c >= 0x10000) {
      c -= 0x10000;
      out += static_cast<char16_t>(0xD800 + (c >> 10));
      out += static_cast<char16_t>(0xDC00 + (c & 0x3FF));
    } else {
      out += static_cast<char16_t>(c);
    }
  }
  return env->NewString(reinterpret_cast<const jchar*>(out.data()), static_cast<jsize>(out.size()));
}

jstring to_java(JNIEnv* env, const char* s) {
  return s == nullptr ? nullptr : to_java(env, s, std::char_traits<char>::length(s));
}

// Takes ownership of a facade string.
jstring take(JNIEnv* env, char* s) {
  jstring out = to_java(env, s);
  wm_string_free(s);
  return out;
}

void throw_error(JNIEnv* env) {
  if (env->ExceptionCheck()) return;
  const wm_error* e = wm_last_error();
  jclass cls = env->FindClass("com/writemagic/WriteMagic$Error");
  if (cls == nullptr) return;
  jmethodID ctor = env->GetMethodID(cls, "<init>", "(ILjava/lang/String;Ljava/lang/String;)V");
  std::string msg = std::string{wm_status_name(e->code)} + ": " + e->message;
  auto obj = static_cast<jthrowable>(env->NewObject(cls, ctor, static_cast<jint>(e->code),
                                                    to_java(env, msg.c_str()),
                                                    to_java(env, e->request_id)));
  if (obj != nullptr) env->Throw(obj);
}

wm_runtime* rt_of(jlong h) {
  return reinterpret_cast<wm_runtime*>(static_cast<uintptr_t>(h));
}

// Text-returning facade call: the JSON, or null with a WriteMagic.Error thrown.
template <class F>
jstring text_call(JNIEnv* env, F&& f) {
  char* out = nullptr;
  if (f(&out) != WM_OK) {
    throw_error(env);
    return nullptr;
  }
  return take(env, out);
}

// Callback threads are attached once (as daemons) and detached when they end.
struct attached_thread {
  JNIEnv* env = nullptr;
  ~attached_thread() {
    if (env != nullptr && g_vm != nullptr) g_vm->DetachCurrentThread();
  }
};

JNIEnv* callback_env() {
  thread_local attached_thread t;
  if (t.env == nullptr && g_vm != nullptr) {
    void* env = nullptr;
    if (g_vm->AttachCurrentThreadAsDaemon(&env, nullptr) == JNI_OK)
      t.env = static_cast<JNIEnv*>(env);
  }
  return t.env;
}

// One listener per completion; freed after its final event.
void on_event(const wm_event* ev, void* user) {
  auto listener = static_cast<jobject>(user);
  JNIEnv* env = callback_env();
  if (env == nullptr) return;
  jclass cls = env->GetObjectClass(listener);
  jstring id = to_java(env, ev->request_id);
  if (ev->kind == WM_EVENT_CHUNK) {
    jmethodID m = env->GetMethodID(cls, "onChunk", "(Ljava/lang/String;Ljava/lang/String;)V");
    env->CallVoidMethod(listener, m, id, to_java(env, ev->text, ev->text_length));
  } else if (ev->kind == WM_EVENT_DONE) {
    jmethodID m = env->GetMethodID(cls, "onDone", "(Ljava/lang/String;Ljava/lang/String;)V");
    env->CallVoidMethod(listener, m, id, to_java(env, ev->json));
  } else {
    jmethodID m = env->GetMethodID(cls, "onError", "(Ljava/lang/String;ILjava/lang/String;)V");
    env->CallVoidMethod(listener, m, id, static_cast<jint>(ev->status), to_java(env, ev->json));
  }
  if (env->ExceptionCheck()) env->ExceptionClear();  // a listener's exception stays in Java
  if (ev->kind != WM_EVENT_CHUNK) env->DeleteGlobalRef(listener);
  env->DeleteLocalRef(cls);
  env->DeleteLocalRef(id);
}

// wm_complete and wm_write: a listener becomes a global reference the callback owns until the
// stream's last event (dropped here when the start fails).
using stream_start = wm_status (*)(wm_runtime*, const char*, wm_event_callback, void*, char**);

jstring start_stream(JNIEnv* env, stream_start start, jlong h, jstring request, jobject listener) {
  auto r = to_utf8(env, request);
  jobject global = listener ? env->NewGlobalRef(listener) : nullptr;
  char* id = nullptr;
  wm_status st =
      start(rt_of(h), request ? r.c_str() : nullptr, global ? on_event : nullptr, global, &id);
  if (st != WM_OK) {
    if (global) env->DeleteGlobalRef(global);
    throw_error(env);
    return nullptr;
  }
  return take(env, id);
}

}  // namespace

extern "C" {

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void*) {
  g_vm = vm;
  return JNI_VERSION_1_6;
}

// ---- com.writemagic.core.WriteMagicCore (compatibility) ------------------------------------

JNIEXPORT jboolean JNICALL Java_com_writemagic_core_WriteMagicCore_nativeInitialize(
    JNIEnv* env, jclass, jstring claude, jstring openai) {
  auto c = to_utf8(env, claude), o = to_utf8(env, openai);
  return writemagic_initialize_with_ai(1, c.c_str(), o.c_str()) ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jstring JNICALL Java_com_writemagic_core_WriteMagicCore_nativeCreateDocument(
    JNIEnv* env, jclass, jstring title, jstring content, jstring type) {
  auto t = to_utf8(env, title), c = to_utf8(env, content), ct = to_utf8(env, type);
  char* id = writemagic_create_document(title ? t.c_str() : nullptr, c.c_str(), ct.c_str());
  if (id == nullptr) return nullptr;
  char* doc = writemagic_get_document(id);
  writemagic_free_string(id);
  return take(env, doc);
}

JNIEXPORT jboolean JNICALL Java_com_writemagic_core_WriteMagicCore_nativeUpdateDocumentContent(
    JNIEnv* env, jclass, jstring id, jstring content) {
  auto i = to_utf8(env, id), c = to_utf8(env, content);
  return writemagic_update_document_content(id ? i.c_str() : nullptr, content ? c.c_str() : nullptr)
             ? JNI_TRUE
             : JNI_FALSE;
}

JNIEXPORT jstring JNICALL Java_com_writemagic_core_WriteMagicCore_nativeGetDocument(JNIEnv* env,
                                                                                    jclass,
                                                                                    jstring id) {
  auto i = to_utf8(env, id);
  return take(env, writemagic_get_document(id ? i.c_str() : nullptr));
}

JNIEXPORT jstring JNICALL Java_com_writemagic_core_WriteMagicCore_nativeListDocuments(JNIEnv* env,
                                                                                      jclass,
                                                                                      jint offset,
                                                                                      jint limit) {
  return take(env, writemagic_list_documents(offset, limit));
}

JNIEXPORT jstring JNICALL Java_com_writemagic_core_WriteMagicCore_nativeCompleteText(
    JNIEnv* env, jclass, jstring prompt, jstring model) {
  auto p = to_utf8(env, prompt), m = to_utf8(env, model);
  return take(env, writemagic_complete_text(prompt ? p.c_str() : nullptr, m.c_str()));
}

JNIEXPORT jstring JNICALL Java_com_writemagic_core_WriteMagicCore_nativeCreateProject(
    JNIEnv* env, jclass, jstring name, jstring description) {
  std::string json = "{\"name\":";
  auto append = [&](const std::string& s) {
    json += '"';
    for (char ch : s) {
      if (ch == '"' || ch == '\\') json += '\\';
      if (static_cast<unsigned char>(ch) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", ch);
        json += buf;
        continue;
      }
      json += ch;
    }
    json += '"';
  };
  append(to_utf8(env, name));
  json += ",\"description\":";
  append(to_utf8(env, description));
  json += '}';
  char* out = nullptr;
  if (wm_project_create(wm::mobile::compat_runtime(), json.c_str(), &out) != WM_OK) return nullptr;
  return take(env, out);
}

JNIEXPORT jstring JNICALL Java_com_writemagic_core_WriteMagicCore_nativeGetProject(JNIEnv* env,
                                                                                   jclass,
                                                                                   jstring id) {
  auto i = to_utf8(env, id);
  char* out = nullptr;
  if (wm_project_get(wm::mobile::compat_runtime(), id ? i.c_str() : nullptr, &out) != WM_OK)
    return nullptr;
  return take(env, out);
}

JNIEXPORT jboolean JNICALL Java_com_writemagic_core_WriteMagicCore_nativeShutdown(JNIEnv*, jclass) {
  return writemagic_shutdown() ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jstring JNICALL Java_com_writemagic_core_WriteMagicCore_nativeMemoryStatus(JNIEnv* env,
                                                                                     jclass) {
  return take(env, writemagic_memory_status());
}

JNIEXPORT jstring JNICALL Java_com_writemagic_core_WriteMagicCore_lastError(JNIEnv* env, jclass) {
  const wm_error* e = wm_last_error();
  if (e->code == WM_OK) return to_java(env, "");
  std::string msg = std::string{wm_status_name(e->code)} + ": " + e->message;
  return to_java(env, msg.c_str());
}

// ---- com.writemagic.WriteMagic (handle API) -------------------------------------------------

JNIEXPORT jstring JNICALL Java_com_writemagic_WriteMagic_nativeVersion(JNIEnv* env, jclass) {
  return to_java(env, wm_version());
}

JNIEXPORT jlong JNICALL Java_com_writemagic_WriteMagic_nativeOpen(JNIEnv* env, jclass,
                                                                  jstring config) {
  auto c = to_utf8(env, config);
  wm_runtime* rt = nullptr;
  if (wm_open(config ? c.c_str() : nullptr, &rt) != WM_OK) {
    throw_error(env);
    return 0;
  }
  return static_cast<jlong>(reinterpret_cast<uintptr_t>(rt));
}

JNIEXPORT void JNICALL Java_com_writemagic_WriteMagic_nativeClose(JNIEnv* env, jclass, jlong h,
                                                                  jint deadline) {
  if (wm_close(rt_of(h), static_cast<uint32_t>(deadline < 0 ? 0 : deadline)) != WM_OK)
    throw_error(env);
}

JNIEXPORT jstring JNICALL Java_com_writemagic_WriteMagic_nativeCreate(JNIEnv* env, jclass, jlong h,
                                                                      jstring json) {
  auto j = to_utf8(env, json);
  return text_call(env, [&](char** out) {
    return wm_document_create(rt_of(h), json ? j.c_str() : nullptr, out);
  });
}

JNIEXPORT jstring JNICALL Java_com_writemagic_WriteMagic_nativeGet(JNIEnv* env, jclass, jlong h,
                                                                   jstring id) {
  auto i = to_utf8(env, id);
  return text_call(
      env, [&](char** out) { return wm_document_get(rt_of(h), id ? i.c_str() : nullptr, out); });
}

JNIEXPORT jstring JNICALL Java_com_writemagic_WriteMagic_nativeUpdate(JNIEnv* env, jclass, jlong h,
                                                                      jstring id, jstring patch,
                                                                      jlong expected) {
  auto i = to_utf8(env, id), p = to_utf8(env, patch);
  return text_call(env, [&](char** out) {
    return wm_document_update(rt_of(h), id ? i.c_str() : nullptr, patch ? p.c_str() : nullptr,
                              static_cast<uint64_t>(expected), out);
  });
}

JNIEXPORT void JNICALL Java_com_writemagic_WriteMagic_nativeDelete(JNIEnv* env, jclass, jlong h,
                                                                   jstring id, jlong expected) {
  auto i = to_utf8(env, id);
  if (wm_document_delete(rt_of(h), id ? i.c_str() : nullptr, static_cast<uint64_t>(expected)) !=
      WM_OK)
    throw_error(env);
}

JNIEXPORT jstring JNICALL Java_com_writemagic_WriteMagic_nativeUndelete(JNIEnv* env, jclass,
                                                                        jlong h, jstring id) {
  auto i = to_utf8(env, id);
  return text_call(env, [&](char** out) {
    return wm_document_undelete(rt_of(h), id ? i.c_str() : nullptr, out);
  });
}

JNIEXPORT jstring JNICALL Java_com_writemagic_WriteMagic_nativeList(JNIEnv* env, jclass, jlong h,
                                                                    jstring query) {
  auto q = to_utf8(env, query);
  return text_call(env, [&](char** out) {
    return wm_document_list(rt_of(h), query ? q.c_str() : nullptr, out);
  });
}

JNIEXPORT jstring JNICALL Java_com_writemagic_WriteMagic_nativeSearch(JNIEnv* env, jclass, jlong h,
                                                                      jstring query, jint limit) {
  auto q = to_utf8(env, query);
  return text_call(env, [&](char** out) {
    return wm_document_search(rt_of(h), query ? q.c_str() : nullptr,
                              static_cast<uint32_t>(limit < 0 ? 0 : limit), out);
  });
}

JNIEXPORT jstring JNICALL Java_com_writemagic_WriteMagic_nativeStats(JNIEnv* env, jclass, jlong h,
                                                                     jstring id) {
  auto i = to_utf8(env, id);
  return text_call(
      env, [&](char** out) { return wm_document_stats(rt_of(h), id ? i.c_str() : nullptr, out); });
}

JNIEXPORT jstring JNICALL Java_com_writemagic_WriteMagic_nativeComplete(JNIEnv* env, jclass,
                                                                        jlong h, jstring request,
                                                                        jobject listener) {
  return start_stream(env, wm_complete, h, request, listener);
}

JNIEXPORT jstring JNICALL Java_com_writemagic_WriteMagic_nativeWrite(JNIEnv* env, jclass, jlong h,
                                                                     jstring request,
                                                                     jobject listener) {
  return start_stream(env, wm_write, h, request, listener);
}

JNIEXPORT void JNICALL Java_com_writemagic_WriteMagic_nativeCancel(JNIEnv* env, jclass, jlong h,
                                                                   jstring id) {
  auto i = to_utf8(env, id);
  if (wm_cancel(rt_of(h), id ? i.c_str() : nullptr) != WM_OK) throw_error(env);
}

JNIEXPORT jobject JNICALL Java_com_writemagic_WriteMagic_nativePoll(JNIEnv* env, jclass, jlong h,
                                                                    jint timeout) {
  wm_event* ev = nullptr;
  if (wm_poll_event(rt_of(h), static_cast<uint32_t>(timeout < 0 ? 0 : timeout), &ev) != WM_OK) {
    throw_error(env);
    return nullptr;
  }
  if (ev == nullptr) return nullptr;
  jclass cls = env->FindClass("com/writemagic/WriteMagic$Event");
  jmethodID ctor = env->GetMethodID(cls, "<init>",
                                    "(IILjava/lang/String;Ljava/lang/String;Ljava/lang/String;)V");
  jobject out = env->NewObject(cls, ctor, static_cast<jint>(ev->kind),
                               static_cast<jint>(ev->status), to_java(env, ev->request_id),
                               to_java(env, ev->text, ev->text_length), to_java(env, ev->json));
  wm_event_free(ev);
  return out;
}

}  // extern "C"
