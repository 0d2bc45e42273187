package com.writemagic;

/**
 * A small Java class over the handle-based C facade (writemagic.h). One instance is one runtime;
 * every method throws {@link WriteMagic.Error} with the facade's status code on failure.
 * Completion listeners run on the runtime's callback thread (not the caller's; post to the UI
 * thread yourself), or use {@link #pollEvent(int)} from the UI thread instead.
 */
public final class WriteMagic implements AutoCloseable {
  static {
    System.loadLibrary("writemagic_android");
  }

  /** A facade failure: status code (WM_ERR_*), its name, message and request id. */
  public static final class Error extends RuntimeException {
    public final int code;
    public final String requestId;

    public Error(int code, String message, String requestId) {
      super(message);
      this.code = code;
      this.requestId = requestId;
    }
  }

  /** Receives the events of one completion; onDone or onError comes last. */
  public interface Listener {
    void onChunk(String requestId, String text);

    void onDone(String requestId, String resultJson);

    void onError(String requestId, int status, String errorJson);
  }

  /** A polled event: kind 1 chunk, 2 done, 3 error. */
  public static final class Event {
    public final int kind;
    public final int status;
    public final String requestId;
    public final String text;
    public final String json;

    public Event(int kind, int status, String requestId, String text, String json) {
      this.kind = kind;
      this.status = status;
      this.requestId = requestId;
      this.text = text;
      this.json = json;
    }
  }

  private long handle;

  /** Opens a runtime from a JSON config (see writemagic.h wm_open); null for defaults. */
  public WriteMagic(String configJson) {
    handle = nativeOpen(configJson);
  }

  public static String version() {
    return nativeVersion();
  }

  public String createDocument(String documentJson) {
    return nativeCreate(handle, documentJson);
  }

  public String getDocument(String id) {
    return nativeGet(handle, id);
  }

  public String updateDocument(String id, String patchJson, long expectedVersion) {
    return nativeUpdate(handle, id, patchJson, expectedVersion);
  }

  public void deleteDocument(String id, long expectedVersion) {
    nativeDelete(handle, id, expectedVersion);
  }

  /** Brings back a soft-deleted document; returns it as JSON. */
  public String undeleteDocument(String id) {
    return nativeUndelete(handle, id);
  }

  public String listDocuments(String queryJson) {
    return nativeList(handle, queryJson);
  }

  public String search(String query, int limit) {
    return nativeSearch(handle, query, limit);
  }

  public String stats(String id) {
    return nativeStats(handle, id);
  }

  /** Starts a streamed completion; listener null: events go to pollEvent. Returns the id. */
  public String complete(String requestJson, Listener listener) {
    return nativeComplete(handle, requestJson, listener);
  }

  /** Starts a streamed writing operation ({"operation", "text" | "documentId", ...}, see
   *  wm_write); listener null: events go to pollEvent. Returns the id. */
  public String write(String requestJson, Listener listener) {
    return nativeWrite(handle, requestJson, listener);
  }

  public void cancel(String requestId) {
    nativeCancel(handle, requestId);
  }

  /** The next polled event, or null if none arrived within timeoutMs. */
  public Event pollEvent(int timeoutMs) {
    return nativePoll(handle, timeoutMs);
  }

  /** Shuts the runtime down (each phase at most deadlineMs; 0: configured). */
  public void close(int deadlineMs) {
    if (handle != 0) {
      long h = handle;
      handle = 0;
      nativeClose(h, deadlineMs);
    }
  }

  @Override
  public void close() {
    close(0);
  }

  private static native String nativeVersion();

  private static native long nativeOpen(String configJson);

  private static native void nativeClose(long handle, int deadlineMs);

  private static native String nativeCreate(long handle, String json);

  private static native String nativeGet(long handle, String id);

  private static native String nativeUpdate(long handle, String id, String patch, long expected);

  private static native void nativeDelete(long handle, String id, long expected);

  private static native String nativeUndelete(long handle, String id);

  private static native String nativeList(long handle, String queryJson);

  private static native String nativeSearch(long handle, String query, int limit);

  private static native String nativeStats(long handle, String id);

  private static native String nativeComplete(long handle, String requestJson, Listener listener);

  private static native String nativeWrite(long handle, String requestJson, Listener listener);

  private static native void nativeCancel(long handle, String requestId);

  private static native Event nativePoll(long handle, int timeoutMs);
}
