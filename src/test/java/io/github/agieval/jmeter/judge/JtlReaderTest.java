package io.github.agieval.jmeter.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JtlReaderTest {

    private static final String HEADER = "timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,"
            + "failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect\n";

    @TempDir
    Path dir;

    private List<JtlSample> read(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        List<JtlSample> out = new ArrayList<>();
        long rows = JtlReader.of(f).read(out::add);
        assertThat(rows).isEqualTo(out.size());
        return out;
    }

    @Test
    void shouldReadEveryColumnOfAJMeterCsvWithItsHeader() throws Exception {
        List<JtlSample> s = read("a.jtl", HEADER
                + "1700000000000,120,Login,200,OK,Users 1-1,text,true,,345,210,5,7,http://127.0.0.1/login,100,0,3\n"
                + "1700000000200,30,\"List, Models\",500,\"Server \"\"Error\"\"\",Users 1-2,text,false,\"boom,\nbad\",10,5,5,7,,25,0,0\n");

        assertThat(s).hasSize(2);
        assertThat(s.get(0)).isEqualTo(new JtlSample("Login", 1700000000000L, 120, 100, 3, true, "200", "", "Users 1-1", 7, "", false));
        assertThat(s.get(1).label()).isEqualTo("List, Models");
        assertThat(s.get(1).ok()).isFalse();
        assertThat(s.get(1).failureMessage()).isEqualTo("boom,\nbad");
        assertThat(s.get(1).end()).isEqualTo(1700000000230L);
    }

    @Test
    void shouldReadSubSamplesAsTheRowsOfTheSameThreadWithinTheSampleBefore() throws Exception {
        List<JtlSample> s = read("sub.jtl", "timeStamp,elapsed,label,success,threadName\n"
                + "1000,100,Job Status,true,T 1-1\n"
                + "1000,10,Job Status (expired),true,T 1-1\n"
                + "1010,40,Login (relogin),true,T 1-1\n"
                + "1050,50,Job Status (retry),true,T 1-1\n"
                + "1020,5,Health,true,T 1-2\n"
                + "1100,20,Health,true,T 1-1\n");

        assertThat(s).extracting(JtlSample::subSample).containsExactly(false, true, true, true, false, false);
    }

    @Test
    void shouldReadTheNextSampleAsASampleWhenItStartsInTheLastMillisecondOfTheOneBefore() throws Exception {
        // from a smoke run: the poll controller's job sample ends 1 ms after the next sample started
        List<JtlSample> s = read("overlap.jtl", "timeStamp,elapsed,label,success,threadName\n"
                + "1796029457561,512,job Evaluation,true,T 1-2\n"
                + "1796029458072,1,Job Results,true,T 1-2\n");

        assertThat(s).extracting(JtlSample::subSample).containsExactly(false, false);
    }

    @Test
    void shouldReadTheNextSampleAsASampleWhenItStartsNearTheEndOfTheOneBeforeAndEndsWithinIt() throws Exception {
        // a controller's sample, timed on the wall clock, may end a few ms after the next sampler started
        List<JtlSample> s = read("drift.jtl", "timeStamp,elapsed,label,success,threadName\n"
                + "1000,500,job Evaluation,true,T 1-2\n"
                + "1496,3,Job Results,true,T 1-2\n");

        assertThat(s).extracting(JtlSample::subSample).containsExactly(false, false);
    }

    @Test
    void shouldReadTheRowsAfterATransactionParentSampleAsItsSubSamplesWhenOutsideItsTime() throws Exception {
        // from a run of a Transaction Controller (parent sample, timers excluded): its children start after its end
        List<JtlSample> s = read("tc.jtl", "timeStamp,elapsed,label,responseCode,responseMessage,threadName,success\n"
                + "1000,108,journey,200,\"Number of samples in transaction : 2, number of failing samples : 0\",U 1-2,true\n"
                + "1151,96,GET health,200,OK,U 1-2,true\n"
                + "1248,12,GET status,200,OK,U 1-2,true\n"
                + "1300,5,GET status,200,OK,U 1-2,true\n");

        assertThat(s).extracting(JtlSample::subSample).containsExactly(false, true, true, false);
    }

    @Test
    void shouldReadTheNextSampleAsASampleWhenBothTookNoTimeInTheSameMillisecond() throws Exception {
        // from a load run: two 0 ms requests of one user in the same millisecond are two samples
        List<JtlSample> s = read("zero.jtl", "timeStamp,elapsed,label,success,threadName\n"
                + "1796036377992,0,Health,true,T 1-9\n"
                + "1796036377992,0,List Models,true,T 1-9\n"
                + "1796036377993,1,Submit Evaluation,true,T 1-9\n");

        assertThat(s).extracting(JtlSample::subSample).containsExactly(false, false, false);
    }

    @Test
    void shouldReadSubSamplesOfAThreadWhenOtherThreadsRowsComeBetween() throws Exception {
        // JMeter writes a sample's rows one line at a time: another thread's rows may come in between
        List<JtlSample> s = read("interleaved.jtl",
                "timeStamp,elapsed,label,responseCode,responseMessage,threadName,success\n"
                + "1000,100,Job Status,200,OK,T 1-1,true\n"
                + "1001,3,Health,200,OK,T 1-2,true\n"
                + "1000,10,Job Status (token expired),401,Unauthorized,T 1-1,true\n"
                + "1010,40,Login (re-login),200,OK,T 1-1,true\n"
                + "1005,2,Health,200,OK,T 1-2,true\n"
                + "1050,50,Job Status (retry),200,OK,T 1-1,true\n"
                + "2000,300,journey,200,\"Number of samples in transaction : 2, number of failing samples : 0\",T 1-2,true\n"
                + "2001,2,Health,200,OK,T 1-1,true\n"
                + "2351,96,GET health,200,OK,T 1-2,true\n"
                + "2448,12,GET status,200,OK,T 1-2,true\n");

        assertThat(s).extracting(JtlSample::subSample)
                .containsExactly(false, false, true, true, false, true, false, false, true, true);
    }

    @Test
    void shouldReadARedirectHopAsASubSampleByItsLabelWhenItEndsWithItsSample() throws Exception {
        // a 0-1 ms last hop at its sample's end cannot be told from the next sample by time: its label tells
        List<JtlSample> s = read("hops.jtl", "timeStamp,elapsed,label,success,threadName\n"
                + "1000,5,Login,true,T 1-1\n"
                + "1000,4,Login-0,true,T 1-1\n"
                + "1004,1,Login-1,true,T 1-1\n"
                + "1005,0,Health,true,T 1-1\n"
                + "1005,0,Health-0,true,T 1-1\n");

        assertThat(s).extracting(JtlSample::subSample).containsExactly(false, true, true, false, true);
    }

    @Test
    void shouldFindTheDelimiterFromTheHeader() throws Exception {
        List<JtlSample> s = read("tab.jtl", "timeStamp\telapsed\tlabel\tsuccess\n5\t6\ta,b\ttrue\n");

        assertThat(s.get(0).label()).isEqualTo("a,b");
        assertThat(s.get(0).elapsed()).isEqualTo(6);
    }

    @Test
    void shouldReadACsvWithoutHeaderInJMetersDefaultColumns() throws Exception {
        List<JtlSample> s = read("nohead.jtl",
                "1700000000000,120,Login,200,OK,Users 1-1,text,true,,345,210,5,7,http://x/,100,0,3\r\n");

        assertThat(s.get(0).label()).isEqualTo("Login");
        assertThat(s.get(0).connect()).isEqualTo(3);
    }

    @Test
    void shouldNameEveryMissingColumn() {
        assertThatThrownBy(() -> read("cols.jtl", "timeStamp,label,responseCode\n1,a,200\n"))
                .isInstanceOf(JtlFormatException.class)
                .hasMessageContaining("cols.jtl: line 1: the CSV header lacks the column(s) elapsed, success");
    }

    @Test
    void shouldRefuseATruncatedLastLine() {
        assertThatThrownBy(() -> read("cut.jtl", HEADER
                + "1700000000000,120,Login,200,OK,Users 1-1,text,true,,345,210,5,7,http://x/,100,0,3\n"
                + "1700000000200,30,Health,200,OK,Use"))
                .isInstanceOf(JtlFormatException.class)
                .hasMessageContaining("cut.jtl: line 3: truncated last line (6 of 17 fields)");
        assertThatThrownBy(() -> read("quote.jtl", "timeStamp,elapsed,label,success,failureMessage\n1,2,a,false,\"never clo"))
                .hasMessageContaining("truncated last line");
    }

    @Test
    void shouldRefuseFormattedTimeStampsWithAHint() {
        assertThatThrownBy(() -> read("ts.jtl", "timeStamp,elapsed,label,success\n2026/11/30 07:00:00,1,a,true\n"))
                .hasMessageContaining("line 2: timeStamp = '2026/11/30 07:00:00': not a whole number")
                .hasMessageContaining("timestamp_format=ms");
    }

    @Test
    void shouldRefuseAFileThatIsNoJtl() {
        assertThatThrownBy(() -> read("x.jtl", "hello,world\n")).hasMessageContaining("line 1: unknown format");
        assertThatThrownBy(() -> read("x.xml", "<html><body/></html>")).hasMessageContaining("unknown format: XML whose root is <html>");
        assertThatThrownBy(() -> read("e.jtl", "")).hasMessageContaining("e.jtl: empty file, not a JTL");
        assertThatThrownBy(() -> JtlReader.of(dir.resolve("missing.jtl")).read(x -> { }))
                .hasMessageEndingWith("missing.jtl: no such JTL file");
    }

    @Test
    void shouldReadXmlSamplesAndNestedSubSamples() throws Exception {
        List<JtlSample> s = read("a.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <testResults version="1.2">
                <httpSample t="100" it="0" lt="90" ct="2" ts="1000" s="true" lb="Job Status" rc="200" rm="OK" tn="T 1-1" dt="text" by="1" sby="1" ng="1" na="3" hn="engine-a">
                  <httpSample t="10" lt="9" ct="1" ts="1000" s="true" lb="Job Status (expired)" rc="401" tn="T 1-1"/>
                  <responseData class="java.lang.String">x</responseData>
                </httpSample>
                <sample t="5" ts="1200" s="false" lb="job Evaluation" rc="" tn="T 1-1"/>
                </testResults>
                """);

        assertThat(s).extracting(JtlSample::label).containsExactly("Job Status", "Job Status (expired)", "job Evaluation");
        assertThat(s).extracting(JtlSample::subSample).containsExactly(false, true, false);
        assertThat(s.get(0)).isEqualTo(new JtlSample("Job Status", 1000, 100, 90, 2, true, "200", "", "T 1-1", 3, "engine-a", false));
        assertThat(s.get(2).ok()).isFalse();
    }

    @Test
    void shouldRefuseATruncatedXmlJtl() {
        assertThatThrownBy(() -> read("cut.xml", "<?xml version=\"1.0\"?>\n<testResults version=\"1.2\">\n<httpSample t=\"1\" ts=\"1\" s=\"true\" lb=\"a\"/>\n<httpSam"))
                .isInstanceOf(JtlFormatException.class)
                .hasMessageContaining("cut.xml: line ")
                .hasMessageContaining("truncated or malformed XML JTL");
        assertThatThrownBy(() -> read("attr.xml", "<testResults><httpSample t=\"1\" s=\"true\"/></testResults>"))
                .hasMessageContaining("<httpSample> lacks the attribute(s) ts, lb");
    }
}
