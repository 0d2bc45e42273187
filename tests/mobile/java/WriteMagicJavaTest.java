import com.writemagic.WriteMagic;
import com.writemagic.core.WriteMagicCore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Loads libwritemagic_android, creates a document, streams a completion from the fake
 *  provider (port in argv[0], data dir in argv[1]) and cancels a slow one. */
public final class WriteMagicJavaTest {
  static void check(boolean ok, String what) {
    if (!ok) throw new AssertionError(what);
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String cfg = "{\"runtime\":{\"data_dir\":\"" + args[1] + "\"},\"log\":{\"level\":\"warn\"},"
        + "\"provider\":{\"openai\":{\"base_url\":\"http://127.0.0.1:" + port + "/v1\","
        + "\"max_attempts\":1}},\"apiKeys\":{\"openai\":\"sk-java\"}}";
    try (WriteMagic wm = new WriteMagic(cfg)) {
      String doc = wm.createDocument("{\"title\":\"Java \u00e9\u6f22\ud83d\ude00\",\"content\":\"x y\"}");
      check(doc.contains("Java \u00e9\u6f22\ud83d\ude00"), "unicode round trip: " + doc);
      check(doc.contains("\"wordCount\":2"), doc);
      try {
        wm.getDocument("not-an-id");
        check(false, "expected an error");
      } catch (WriteMagic.Error e) {
        check(e.code == 1, "code " + e.code);
      }
      // soft delete, then undelete brings the document back
      String docId = doc.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
      wm.deleteDocument(docId, 1);
      try {
        wm.getDocument(docId);
        check(false, "a deleted document is not found");
      } catch (WriteMagic.Error e) {
        check(e.code == 2, "deleted get code " + e.code);
      }
      String back = wm.undeleteDocument(docId);
      check(back.contains("\"id\":\"" + docId + "\""), "undeleted " + back);
      check(wm.getDocument(docId).contains("x y"), "content after undelete");
      // streamed completion
      StringBuilder text = new StringBuilder();
      CountDownLatch done = new CountDownLatch(1);
      AtomicReference<String> result = new AtomicReference<>();
      wm.complete("{\"prompt\":\"hi\"}", new WriteMagic.Listener() {
        public void onChunk(String id, String t) { synchronized (text) { text.append(t); } }
        public void onDone(String id, String json) { result.set(json); done.countDown(); }
        public void onError(String id, int status, String json) { result.set(json); done.countDown(); }
      });
      check(done.await(30, TimeUnit.SECONDS), "stream finished");
      synchronized (text) { check(text.toString().equals("Hello, world!"), "text " + text); }
      // a writing operation on the document, streamed the same way
      StringBuilder written = new StringBuilder();
      CountDownLatch wrote = new CountDownLatch(1);
      AtomicReference<String> writeResult = new AtomicReference<>();
      String writeId = wm.write("{\"operation\":\"proofread\",\"documentId\":\"" + docId + "\"}",
          new WriteMagic.Listener() {
            public void onChunk(String id, String t) { synchronized (written) { written.append(t); } }
            public void onDone(String id, String json) { writeResult.set(json); wrote.countDown(); }
            public void onError(String id, int status, String json) { writeResult.set("error " + json); wrote.countDown(); }
          });
      check(wrote.await(30, TimeUnit.SECONDS), "write finished");
      check(writeResult.get().contains("\"requestId\":\"" + writeId + "\""), "write " + writeResult.get());
      synchronized (written) { check(written.toString().equals("Hello, world!"), "written " + written); }
      // cancel a slow one (scripted through the fake provider's /_script)
      java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(
          "http://127.0.0.1:" + port + "/_script").openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.getOutputStream().write("[{\"tokens\":[\"a\",\"b\",\"c\",\"d\"],\"token_delay_ms\":500}]".getBytes("UTF-8"));
      check(c.getResponseCode() == 200, "script");
      CountDownLatch ended = new CountDownLatch(1);
      AtomicInteger status = new AtomicInteger(-1);
      String id = wm.complete("{\"prompt\":\"slow\"}", new WriteMagic.Listener() {
        public void onChunk(String id, String t) {}
        public void onDone(String id, String json) { status.set(0); ended.countDown(); }
        public void onError(String id, int s, String json) { status.set(s); ended.countDown(); }
      });
      Thread.sleep(200);
      wm.cancel(id);
      check(ended.await(30, TimeUnit.SECONDS), "cancelled stream ended");
      check(status.get() == 9, "cancelled status " + status.get());
    }
    // the original natives
    check(WriteMagicCore.nativeInitialize(null, null), "init " + WriteMagicCore.lastError());
    String d = WriteMagicCore.nativeCreateDocument("Old API", "one two", "markdown");
    check(d != null && d.contains("\"characterCount\":7"), "compat doc " + d);
    String p = WriteMagicCore.nativeCreateProject("Book", "desc");
    check(p != null && p.contains("\"documentIds\":[]"), "project " + p + " " + WriteMagicCore.lastError());
    check(WriteMagicCore.nativeCompleteText("hi", null).contains("\"success\":false"), "no key");
    check(WriteMagicCore.nativeShutdown(), "shutdown");
    System.out.println("java test ok");
  }
}
