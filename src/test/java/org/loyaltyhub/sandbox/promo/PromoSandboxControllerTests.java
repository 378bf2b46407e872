package org.loyaltyhub.sandbox.promo;

import org.loyaltyhub.sandbox.SandboxProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.xpath;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The promo sandbox over HTTP: the document's attach semantics, JSON and XML, and safe XML parsing. */
class PromoSandboxControllerTests {

    private static final String ATTACH = "/sandbox/promo/api/v1.1/promocodes/attach";
    private static final String TOKEN = "test-token";
    private static final String AUTH = "\"token\": \"" + TOKEN + "\", \"db_id\": 1, ";

    private final PromoCodeBook book = new PromoCodeBook();
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        SandboxProperties properties = new SandboxProperties(true, Map.of(), new SandboxProperties.Promo(TOKEN, 1L), null);
        mvc = MockMvcBuilders.standaloneSetup(new PromoSandboxController(book, properties, new ObjectMapper())).build();
    }

    @Test
    void theDocumentsJsonExampleAttachesCode1() throws Exception {
        json("{" + AUTH + "\"matching\": \"profile_id\", \"profile_id\": \"abcdefghijklmnqrstuvwxyz\", \"loyalty_id\": 5, \"code\": \"CODE-1\"}")
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(content().json("""
                        {"data": {"code": "CODE-1", "profile_id": "abcdefghijklmnqrstuvwxyz"},
                         "error": 0, "error_text": "Successful operation"}""", JsonCompareMode.STRICT));
        assertThat(book.codesOf("abcdefghijklmnqrstuvwxyz")).containsExactly("CODE-1");
    }

    @Test
    void theDocumentsXmlExampleIsAnsweredInXmlWhenFormatSaysSo() throws Exception {
        xml("""
                <xml>
                <token>test-token</token>
                <db_id>1</db_id>
                <matching>profile_id</matching>
                <profile_id>abcdefghijklmnqrstuvwxyz</profile_id>
                <loyalty_id>5</loyalty_id>
                <code>CODE-1</code>
                <format>xml</format>
                </xml>""")
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_XML))
                .andExpect(xpath("/xml/error").string("0"))
                .andExpect(xpath("/xml/error_text").string("Successful operation"))
                .andExpect(xpath("/xml/data/code").string("CODE-1"));
    }

    @Test
    void xmlWithoutFormatIsAnsweredInJsonTheContractsDefault() throws Exception {
        xml("<xml><token>test-token</token><db_id>1</db_id><matching>email</matching><email>john@example.com</email><loyalty_id>1</loyalty_id></xml>")
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error").value(0)).andExpect(jsonPath("$.data.code").value("WELCOME-001"));
    }

    @Test
    void jsonWithFormatXmlIsAnsweredInXml() throws Exception {
        json("{" + AUTH + "\"format\": \"xml\", \"matching\": \"phone\", \"phone\": \"+37360000001\", \"loyalty_id\": 1}")
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_XML))
                .andExpect(xpath("/xml/error").string("0"))
                .andExpect(xpath("/xml/data/profile_id").string("p-1001"));
    }

    @Test
    void errorInXmlHasAnEmptyDataElement() throws Exception {
        xml("<xml><token>wrong</token><db_id>1</db_id><matching>profile_id</matching><profile_id>p-1001</profile_id>"
                + "<loyalty_id>1</loyalty_id><format>xml</format></xml>")
                .andExpect(xpath("/xml/data").string(""))
                .andExpect(xpath("/xml/error").string("2"));
    }

    @Test
    void everyMatchingModeFindsItsProfile() throws Exception {
        book.add(new PromoCodeBook.PromoCode("EXTRA-1", 1, false, java.util.Set.of())); // four attaches, three seeded
        attachesTo("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\"", "p-1001");
        attachesTo("\"matching\": \"email\", \"email\": \"BOB@example.com\"", "p-1002");
        attachesTo("\"matching\": \"phone\", \"phone\": \"+79000000000\"", "abcdefghijklmnqrstuvwxyz");
        attachesTo("\"matching\": \"custom\", \"field_name\": \"card_number\", \"field_value\": \"0000001\"", "p-1001");
    }

    @Test
    void unknownProfileIsError3() throws Exception {
        refused("\"matching\": \"email\", \"email\": \"nobody@example.com\", \"loyalty_id\": 1", 3);
        refused("\"matching\": \"custom\", \"field_name\": \"card_number\", \"field_value\": \"999\", \"loyalty_id\": 1", 3);
    }

    @Test
    void wrongOrMissingTokenIsError2AndAttachesNothing() throws Exception {
        json("{\"token\": \"nope\", \"db_id\": 1, \"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1}")
                .andExpect(jsonPath("$.error").value(2)).andExpect(jsonPath("$.data").isEmpty());
        json("{\"db_id\": 1, \"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1}")
                .andExpect(jsonPath("$.error").value(2));
        assertThat(book.codesOf("p-1001")).isEmpty();
    }

    @Test
    void unknownDatabaseIsError6() throws Exception {
        json("{\"token\": \"test-token\", \"db_id\": 2, \"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1}")
                .andExpect(jsonPath("$.error").value(6));
    }

    @Test
    void restrictedCodeAttachedAlreadyIsError4() throws Exception {
        String request = "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 5, \"code\": \"CODE-2\"";
        attach(request).andExpect(jsonPath("$.error").value(0));
        attach(request).andExpect(jsonPath("$.error").value(4))
                .andExpect(jsonPath("$.error_text").value(containsString("already attached")));
        // to another profile: the document's rule is about the code, not the profile
        refused("\"matching\": \"profile_id\", \"profile_id\": \"p-1002\", \"loyalty_id\": 5, \"code\": \"CODE-2\"", 4);
    }

    @Test
    void multipleUseCodeAttachesToManyProfiles() throws Exception {
        attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 2, \"code\": \"SHARED-10\"")
                .andExpect(jsonPath("$.error").value(0));
        assertThat(book.find("SHARED-10").orElseThrow().profileIds()).containsExactlyInAnyOrder("p-1001", "p-1002");
    }

    @Test
    void unknownCodeIsImportedAndAttached() throws Exception {
        attach("\"matching\": \"custom\", \"field_name\": \"card_number\", \"field_value\": \"0012345\", \"loyalty_id\": 1, \"code\": \"CODE-12345\"")
                .andExpect(jsonPath("$.error").value(0)).andExpect(jsonPath("$.data.code").value("CODE-12345"));
        PromoCodeBook.PromoCode imported = book.find("CODE-12345").orElseThrow();
        assertThat(imported.loyaltyId()).isEqualTo(1);
        assertThat(imported.profileIds()).containsExactly("abcdefghijklmnqrstuvwxyz");
    }

    @Test
    void withoutACodeThePoolGivesEachProfileAFreeCodeUntilItIsEmpty() throws Exception {
        attachesTo("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1", "p-1001");
        attachesTo("\"matching\": \"profile_id\", \"profile_id\": \"p-1002\", \"loyalty_id\": 1", "p-1002");
        attachesTo("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1", "p-1001");
        assertThat(book.codesOf("p-1001")).containsExactly("WELCOME-001", "WELCOME-003");
        assertThat(book.codesOf("p-1002")).contains("WELCOME-002");
        refused("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1", 5);
        refused("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 2", 5); // only used / shared codes
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\"", // no loyalty_id
            "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": \"1\"", // a string in JSON
            "\"matching\": \"profile_id\", \"loyalty_id\": 1", // mode without its identifier
            "\"matching\": \"custom\", \"field_name\": \"card_number\", \"loyalty_id\": 1",
            "\"matching\": \"card\", \"loyalty_id\": 1",
            "\"profile_id\": \"p-1001\", \"loyalty_id\": 1", // no matching
            "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1, \"format\": \"csv\"",
            "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1, \"profileId\": \"x\""})
    void invalidRequestsAreError1(String parameters) throws Exception {
        refused(parameters, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"token\": ", "[]", "", "<xml><token>test-token</token>", "<other/>",
            "<xml><token>test-token</token><db_id>x</db_id></xml>", "<xml><code><a/></code></xml>"})
    void unreadableBodiesAreError1WithHttp200(String body) throws Exception {
        mvc.perform(post(ATTACH).contentType(body.startsWith("<") ? MediaType.APPLICATION_XML : MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andExpect(body.startsWith("<") ? xpath("/xml/error").string("1") : jsonPath("$.error").value(1));
    }

    @Test
    void xxeIsRefusedAndNoFileIsRead(@TempDir Path temp) throws Exception {
        Path secret = temp.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE xml [<!ENTITY leak SYSTEM "%s">]>
                <xml><token>test-token</token><db_id>1</db_id><matching>profile_id</matching>
                <profile_id>&leak;</profile_id><loyalty_id>1</loyalty_id><code>&leak;</code></xml>"""
                .formatted(secret.toUri());
        xml(xxe).andExpect(status().isOk())
                .andExpect(xpath("/xml/error").string("1"))
                .andExpect(xpath("/xml/error_text").string(containsString("DOCTYPE")))
                .andExpect(content().string(not(containsString("TOP-SECRET"))));
        assertThat(book.find("TOP-SECRET-CONTENT")).isEmpty();
    }

    @Test
    void billionLaughsIsRefusedQuickly() throws Exception {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            entities.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE xml [" + entities + "]><xml><token>&lol9;</token></xml>";
        long start = System.nanoTime();
        xml(bomb).andExpect(status().isOk())
                .andExpect(xpath("/xml/error").string("1"))
                .andExpect(xpath("/xml/error_text").string(containsString("DOCTYPE")));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    private void attachesTo(String parameters, String profileId) throws Exception {
        attach(parameters + (parameters.contains("loyalty_id") ? "" : ", \"loyalty_id\": 1"))
                .andExpect(jsonPath("$.error").value(0)).andExpect(jsonPath("$.data.profile_id").value(profileId));
    }

    private void refused(String parameters, int error) throws Exception {
        attach(parameters).andExpect(status().isOk()).andExpect(jsonPath("$.error").value(error))
                .andExpect(jsonPath("$.error_text").isString()).andExpect(jsonPath("$.data").isEmpty());
    }

    private ResultActions attach(String parameters) throws Exception {
        return json("{" + AUTH + parameters + "}");
    }

    private ResultActions json(String body) throws Exception {
        return mvc.perform(post(ATTACH).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions xml(String body) throws Exception {
        return mvc.perform(post(ATTACH).contentType(MediaType.APPLICATION_XML).content(body));
    }
}
