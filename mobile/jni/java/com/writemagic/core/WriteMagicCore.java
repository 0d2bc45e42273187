package com.writemagic.core;

/**
 * The original core's JNI surface (drop-in for existing apps). Each native works over the
 * process-wide runtime of the C facade; failures return null/false, and {@link #lastError()}
 * tells why.
 */
public final class WriteMagicCore {
  static {
    System.loadLibrary("writemagic_android");
  }

  private WriteMagicCore() {}

  public static native boolean nativeInitialize(String claudeKey, String openaiKey);

  /** Full document JSON of the new document. */
  public static native String nativeCreateDocument(String title, String content, String contentType);

  public static native boolean nativeUpdateDocumentContent(String id, String content);

  public static native String nativeGetDocument(String id);

  public static native String nativeListDocuments(int offset, int limit);

  /** {"completion":...,"success":true} or {"error":...,"success":false}. */
  public static native String nativeCompleteText(String prompt, String model);

  /** {id, name, description, documentIds, createdAt, updatedAt, version}. */
  public static native String nativeCreateProject(String name, String description);

  public static native String nativeGetProject(String id);

  public static native boolean nativeShutdown();

  public static native String nativeMemoryStatus();

  /** "code_name: message" of the last failure on this thread, or "" after a success. */
  public static native String lastError();
}
