package org.loyaltyhub.sandbox.promo;

import org.loyaltyhub.sandbox.SandboxProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.xpath;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The promo sandbox over HTTP, one nested class per section of its document
 * ({@code shared/vendor-apis/promo-code-attach.txt}), each checking what the section shows and the readings
 * NOTES.md takes of what it leaves open. The sandbox's token is the document's, so its examples run verbatim.
 */
class PromoSandboxControllerTests {

    private static final String ATTACH = "/sandbox/promo/api/v1.1/promocodes/attach";
    /** The document's example token, the sandbox's token here. */
    private static final String TOKEN = "abcdefghijklmnqrstuvwxyz";
    private static final String AUTH = "\"token\": \"" + TOKEN + "\", \"db_id\": 1, ";

    /** The document's "Request example", JSON tab, verbatim. */
    static final String REQUEST_EXAMPLE_JSON = """
            {
            "token": "abcdefghijklmnqrstuvwxyz",
            "db_id": 1,
            "matching": "profile_id",
            "profile_id": "abcdefghijklmnqrstuvwxyz",
            "loyalty_id": 5,
            "code": "CODE-1"
            }""";
    /** The document's "Request example", XML tab, verbatim. */
    static final String REQUEST_EXAMPLE_XML = """
            <xml>
            <token>abcdefghijklmnqrstuvwxyz</token>
            <db_id>1</db_id>
            <matching>profile_id</matching>
            <profile_id>abcdefghijklmnqrstuvwxyz</profile_id>
            <loyalty_id>5</loyalty_id>
            <code>CODE-1</code>
            </xml>""";
    /** The document's "Response example", JSON tab, verbatim. */
    static final String RESPONSE_EXAMPLE_JSON = """
            {
            "data": null,
            "error": 0,
            "error_text": "Successful operation"
            }""";
    /** The document's "Response example", XML tab, verbatim. */
    static final String RESPONSE_EXAMPLE_XML = """
            <xml>
            <data></data>
            <error>0</error>
            <error_text>Successful operation</error_text>
            </xml>""";

    private final PromoCodeBook book = new PromoCodeBook();
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        serveWith(Map.of());
    }

    private void serveWith(Map<String, Integer> errorNumbers) {
        SandboxProperties properties = new SandboxProperties(true, Map.of(), new SandboxProperties.Promo(TOKEN, 1L, errorNumbers), null);
        mvc = MockMvcBuilders.standaloneSetup(new PromoSandboxController(book, properties, new ObjectMapper())).build();
    }

    /** "Description": with a "code" parameter, the code is used for promo code matching. */
    @Nested
    class DescriptionWithACode {

        @Test
        void aCodeAlreadyAttachedWhoseMultipleUsageIsRestrictedIsAnError() throws Exception {
            String request = "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 5, \"code\": \"CODE-2\"";
            attach(request).andExpect(jsonPath("$.error").value(0));

            refused(request, PromoError.ALREADY_ATTACHED).andExpect(jsonPath("$.error_text").value(containsString("already attached")));
            // to another profile too: the rule is about the code, not the profile
            refused("\"matching\": \"profile_id\", \"profile_id\": \"p-1002\", \"loyalty_id\": 5, \"code\": \"CODE-2\"",
                    PromoError.ALREADY_ATTACHED);
            assertThat(book.find("CODE-2").orElseThrow().profileIds()).containsExactly("p-1001");
        }

        @Test
        void aCodeWhoseMultipleUsageIsNotRestrictedIsAttachedToManyProfiles() throws Exception {
            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 2, \"code\": \"SHARED-10\"")
                    .andExpect(jsonPath("$.error").value(0));
            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 2, \"code\": \"SHARED-10\"")
                    .andExpect(jsonPath("$.error").value(0));

            assertThat(book.find("SHARED-10").orElseThrow().profileIds()).containsExactlyInAnyOrder("p-1001", "p-1002");
        }

        @Test
        void aCodeFoundUnattachedIsAttachedWhateverTheLoyaltyId() throws Exception {
            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1002\", \"loyalty_id\": 1, \"code\": \"CODE-2\"")
                    .andExpect(jsonPath("$.error").value(0));

            assertThat(book.codesOf("p-1002")).contains("CODE-2");
            assertThat(book.find("CODE-2").orElseThrow().loyaltyId()).as("still program 5's").isEqualTo(5);
        }

        @Test
        void aCodeNotFoundIsImportedIntoTheRequestsLoyaltyProgramAndAttached() throws Exception {
            attach("\"matching\": \"custom\", \"field_name\": \"card_number\", \"field_value\": \"0012345\", \"loyalty_id\": 1, \"code\": \"CODE-12345\"")
                    .andExpect(jsonPath("$.error").value(0));

            PromoCodeBook.PromoCode imported = book.find("CODE-12345").orElseThrow();
            assertThat(imported.loyaltyId()).isEqualTo(1);
            assertThat(imported.multipleUse()).as("restricted").isFalse();
            assertThat(imported.profileIds()).containsExactly("abcdefghijklmnqrstuvwxyz");
        }

        @Test
        void codesAreMatchedExactly() throws Exception {
            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 5, \"code\": \"code-2\"")
                    .andExpect(jsonPath("$.error").value(0));

            assertThat(book.find("code-2")).as("imported: another code").isPresent();
            assertThat(book.find("CODE-2").orElseThrow().profileIds()).isEmpty();
        }

        @Test
        void anEmptyCodeIsNoCode() throws Exception {
            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1, \"code\": \"\"")
                    .andExpect(jsonPath("$.error").value(0));
            xml("<xml><token>" + TOKEN + "</token><db_id>1</db_id><matching>profile_id</matching><profile_id>p-1002</profile_id>"
                    + "<loyalty_id>1</loyalty_id><code></code></xml>").andExpect(jsonPath("$.error").value(0));

            assertThat(book.codesOf("p-1001")).containsExactly("WELCOME-001");
            assertThat(book.codesOf("p-1002")).contains("WELCOME-002");
        }
    }

    /** "Description": with no "code" parameter, the loyalty program ID is used for matching. */
    @Nested
    class DescriptionWithoutACode {

        @Test
        void aCodeAvailableInTheLoyaltyProgramIsAttachedOldestFirst() throws Exception {
            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1").andExpect(jsonPath("$.error").value(0));
            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1002\", \"loyalty_id\": 1").andExpect(jsonPath("$.error").value(0));
            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1").andExpect(jsonPath("$.error").value(0));

            assertThat(book.codesOf("p-1001")).containsExactly("WELCOME-001", "WELCOME-003");
            assertThat(book.codesOf("p-1002")).contains("WELCOME-002");
        }

        @Test
        void availableMeansAttachedToNobodyWhateverItsMultipleUsage() throws Exception {
            book.add(new PromoCodeBook.PromoCode("SHARED-NEW", 3, true, Set.of()));

            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 3").andExpect(jsonPath("$.error").value(0));

            assertThat(book.codesOf("p-1001")).containsExactly("SHARED-NEW");
            refused("\"matching\": \"profile_id\", \"profile_id\": \"p-1002\", \"loyalty_id\": 3", PromoError.NO_FREE_CODE);
        }

        @Test
        void noCodeAvailableIsARefusal() throws Exception {
            for (int i = 0; i < 3; i++) {
                attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1").andExpect(jsonPath("$.error").value(0));
            }

            refused("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1", PromoError.NO_FREE_CODE)
                    .andExpect(jsonPath("$.error_text").value(containsString("loyalty program 1")));
            // program 2 holds codes, every one attached already
            refused("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 2", PromoError.NO_FREE_CODE);
        }
    }

    /** "Request URL": Method POST, {@code /api/v1.1/promocodes/attach}. */
    @Nested
    class RequestUrl {

        @Test
        void onlyPostIsServed() throws Exception {
            mvc.perform(get(ATTACH)).andExpect(status().isMethodNotAllowed());
        }
    }

    /** "Request parameters": the table's names, types and Required column. */
    @Nested
    class RequestParameters {

        @ParameterizedTest
        @ValueSource(strings = {
                "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\"", // no loyalty_id, although a code-less request needs it
                "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"code\": \"X-1\"", // no loyalty_id with a code
                "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": \"1\"", // int as a JSON string
                "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1.5",
                "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": null",
                "\"matching\": \"profile_id\", \"profile_id\": 1001, \"loyalty_id\": 1", // string as a JSON number
                "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1, \"code\": null",
                "\"matching\": \"email\", \"email\": \"alice\", \"loyalty_id\": 1", // no e-mail address
                "\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1, \"format\": \"csv\""})
        void whatTheTableAndTheContractRefuseIsAnInvalidRequest(String parameters) throws Exception {
            refused(parameters, PromoError.INVALID_REQUEST);
            assertThat(book.codesOf("p-1001")).isEmpty();
        }

        @Test
        void dbIdIsRequiredAndMustBeTheSandboxsDatabase() throws Exception {
            json("{\"token\": \"" + TOKEN + "\", \"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1}")
                    .andExpect(jsonPath("$.error").value(PromoError.INVALID_REQUEST.defaultNumber()));
            json("{\"token\": \"" + TOKEN + "\", \"db_id\": 2, \"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1}")
                    .andExpect(jsonPath("$.error").value(PromoError.INVALID_REQUEST.defaultNumber()))
                    .andExpect(jsonPath("$.error_text").value(containsString("unknown db_id 2")));
        }

        @Test
        void aMissingOrWrongTokenIsABadTokenAndAttachesNothing() throws Exception {
            json("{\"token\": \"nope\", \"db_id\": 1, \"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1}")
                    .andExpect(jsonPath("$.error").value(PromoError.BAD_TOKEN.defaultNumber())).andExpect(jsonPath("$.data").value(nullValue()));
            json("{\"db_id\": 1, \"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1}")
                    .andExpect(jsonPath("$.error").value(PromoError.BAD_TOKEN.defaultNumber()));
            assertThat(book.codesOf("p-1001")).isEmpty();
        }

        @Test
        void aParameterTheTableDoesNotListIsIgnored() throws Exception {
            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1, \"promo_code\": \"X\", \"profileId\": \"p-1002\"")
                    .andExpect(jsonPath("$.error").value(0));

            assertThat(book.codesOf("p-1001")).containsExactly("WELCOME-001");
            assertThat(book.find("X")).isEmpty();
        }

        @Test
        void xmlCarriesEveryValueAsText() throws Exception {
            xml("<xml><token>" + TOKEN + "</token><db_id> 1 </db_id><matching>phone</matching><phone>+37360000001</phone>"
                    + "<loyalty_id>1</loyalty_id></xml>").andExpect(jsonPath("$.error").value(0));
            xml("<xml><token>" + TOKEN + "</token><db_id>one</db_id><matching>phone</matching><phone>+37360000001</phone>"
                    + "<loyalty_id>1</loyalty_id></xml>").andExpect(jsonPath("$.error").value(PromoError.INVALID_REQUEST.defaultNumber()));
        }

        @Test
        void formatAloneDecidesTheAnswersFormat() throws Exception {
            xml("<xml><token>" + TOKEN + "</token><db_id>1</db_id><matching>email</matching><email>john@example.com</email>"
                    + "<loyalty_id>1</loyalty_id></xml>")
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)).andExpect(jsonPath("$.error").value(0));
            attach("\"format\": \"xml\", \"matching\": \"phone\", \"phone\": \"+37360000001\", \"loyalty_id\": 1")
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_XML)).andExpect(xpath("/xml/error").string("0"));
            attach("\"format\": \"json\", \"matching\": \"phone\", \"phone\": \"+37360000002\", \"loyalty_id\": 1")
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
            xml("<xml><token>" + TOKEN + "</token><db_id>1</db_id><loyalty_id>1</loyalty_id><format>csv</format></xml>")
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(jsonPath("$.error").value(PromoError.INVALID_REQUEST.defaultNumber()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"token\": ", "[]", "", "<xml><token>abcdefghijklmnqrstuvwxyz</token>", "<other/>",
                "<xml><code><a/></code></xml>", "<xml><code>A</code><code>B</code></xml>"})
        void anUnreadableBodyIsAnInvalidRequestAnsweredInItsOwnFormat(String body) throws Exception {
            boolean xml = body.startsWith("<");
            mvc.perform(post(ATTACH).contentType(xml ? MediaType.APPLICATION_XML : MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isOk())
                    .andExpect(xml ? xpath("/xml/error").string("1") : jsonPath("$.error").value(1));
        }

        @Test
        void withoutAContentTypeABodyStartingWithALessThanSignIsXml() throws Exception {
            mvc.perform(post(ATTACH).content(REQUEST_EXAMPLE_XML)).andExpect(jsonPath("$.error").value(0));
            assertThat(book.requestFormats()).containsExactly("xml");
        }
    }

    /** "Request parameters", the matching row: "profile_id" "email" "phone" "custom", not required. */
    @Nested
    class MatchingModes {

        @Test
        void everyModeFindsItsProfile() throws Exception {
            book.add(new PromoCodeBook.PromoCode("EXTRA-1", 1, false, Set.of())); // four attaches, three seeded codes
            attachesTo("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\"", "p-1001");
            attachesTo("\"matching\": \"email\", \"email\": \"BOB@example.com\"", "p-1002"); // e-mail ignores case
            attachesTo("\"matching\": \"phone\", \"phone\": \"+79000000000\"", "abcdefghijklmnqrstuvwxyz");
            attachesTo("\"matching\": \"custom\", \"field_name\": \"card_number\", \"field_value\": \"0000001\"", "p-1001");
        }

        @Test
        void withoutMatchingTheProfileIsFoundByProfileId() throws Exception {
            attachesTo("\"profile_id\": \"p-1002\"", "p-1002");
            // another identifier without matching finds nothing: the default is not documented, so not guessed
            refused("\"email\": \"alice@example.com\", \"loyalty_id\": 1", PromoError.PROFILE_NOT_FOUND);
            assertThat(book.codesOf("p-1001")).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "\"matching\": \"profile_id\", \"email\": \"alice@example.com\", \"loyalty_id\": 1",
                "\"matching\": \"email\", \"loyalty_id\": 1",
                "\"matching\": \"phone\", \"phone\": \"\", \"loyalty_id\": 1",
                "\"matching\": \"custom\", \"field_name\": \"card_number\", \"loyalty_id\": 1",
                "\"matching\": \"custom\", \"field_value\": \"0000001\", \"loyalty_id\": 1",
                "\"matching\": \"fax\", \"loyalty_id\": 1"})
        void aModeWithoutItsIdentifierOrAnUnknownModeIsAnInvalidRequest(String parameters) throws Exception {
            refused(parameters, PromoError.INVALID_REQUEST);
        }

        @Test
        void noMatchingProfileIsAProfileNotFoundAndNoneIsCreated() throws Exception {
            refused("\"matching\": \"email\", \"email\": \"nobody@example.com\", \"loyalty_id\": 1", PromoError.PROFILE_NOT_FOUND)
                    .andExpect(jsonPath("$.error_text").value(startsWith("Profile not found")));
            refused("\"matching\": \"custom\", \"field_name\": \"card_number\", \"field_value\": \"999\", \"loyalty_id\": 1",
                    PromoError.PROFILE_NOT_FOUND);
            refused("\"matching\": \"profile_id\", \"profile_id\": \"p-9\", \"loyalty_id\": 1, \"code\": \"NEW-9\"", PromoError.PROFILE_NOT_FOUND);
            assertThat(book.find("NEW-9")).as("nothing imported for no profile").isEmpty();
        }
    }

    /** "Request example", both tabs, verbatim. */
    @Nested
    class RequestExample {

        @Test
        void theJsonExampleAttachesCode1ToTheExampleProfile() throws Exception {
            json(REQUEST_EXAMPLE_JSON).andExpect(status().isOk()).andExpect(jsonPath("$.error").value(0));
            assertThat(book.codesOf("abcdefghijklmnqrstuvwxyz")).containsExactly("CODE-1");
        }

        @Test
        void theXmlExampleAttachesCode1ToTheExampleProfile() throws Exception {
            xml(REQUEST_EXAMPLE_XML).andExpect(status().isOk()).andExpect(jsonPath("$.error").value(0));
            assertThat(book.codesOf("abcdefghijklmnqrstuvwxyz")).containsExactly("CODE-1");
            assertThat(book.requestFormats()).containsExactly("xml");
        }

        @Test
        void theExampleCannotAttachCode1Twice() throws Exception {
            json(REQUEST_EXAMPLE_JSON).andExpect(jsonPath("$.error").value(0));
            xml(REQUEST_EXAMPLE_XML).andExpect(jsonPath("$.error").value(PromoError.ALREADY_ATTACHED.defaultNumber()));
        }
    }

    /** "Response example", both tabs: a success is answered exactly so. */
    @Nested
    class ResponseExample {

        @Test
        void aJsonSuccessIsTheJsonExample() throws Exception {
            json(REQUEST_EXAMPLE_JSON)
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                    .andExpect(content().json(RESPONSE_EXAMPLE_JSON, JsonCompareMode.STRICT));
        }

        @Test
        void anXmlSuccessIsTheXmlExampleToTheCharacter() throws Exception {
            String answer = xml(REQUEST_EXAMPLE_XML.replace("</xml>", "<format>xml</format>\n</xml>"))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_XML))
                    .andReturn().getResponse().getContentAsString();
            assertThat(answer).isEqualTo(RESPONSE_EXAMPLE_XML);
        }

        @Test
        void aSuccessWithoutACodeDoesNotSayWhichCodeWasAttached() throws Exception {
            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1")
                    .andExpect(content().json(RESPONSE_EXAMPLE_JSON, JsonCompareMode.STRICT));
        }
    }

    /** "Response parameters": error (int) and error_text (string); only 0 is documented. */
    @Nested
    class ResponseParameters {

        @Test
        void aRefusalIsHttp200WithDataNullANonZeroErrorAndItsText() throws Exception {
            attach("\"matching\": \"email\", \"email\": \"nobody@example.com\", \"loyalty_id\": 1")
                    .andExpect(status().isOk())
                    .andExpect(content().json("""
                            {"data": null, "error": 3, "error_text": "Profile not found: no profile with email nobody@example.com"}""",
                            JsonCompareMode.STRICT));
        }

        @Test
        void anXmlRefusalHasAnEmptyDataElementAndEscapedText() throws Exception {
            String answer = attach("\"format\": \"xml\", \"matching\": \"custom\", \"field_name\": \"a<b\", \"field_value\": \"&\", \"loyalty_id\": 1")
                    .andReturn().getResponse().getContentAsString();
            assertThat(answer).isEqualTo("""
                    <xml>
                    <data></data>
                    <error>3</error>
                    <error_text>Profile not found: no profile with custom a&lt;b=&amp;</error_text>
                    </xml>""");
        }

        @Test
        void theRefusalNumbersAreTheSandboxsOwnAndSettable() throws Exception {
            serveWith(Map.of("no-free-code", 7001, "profile-not-found", 7002));

            refused("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 2", 7001);
            refused("\"matching\": \"profile_id\", \"profile_id\": \"p-9\", \"loyalty_id\": 1", 7002);
            refused("\"matching\": \"fax\", \"loyalty_id\": 1", PromoError.INVALID_REQUEST.defaultNumber()); // not set: default
            attach("\"matching\": \"profile_id\", \"profile_id\": \"p-1001\", \"loyalty_id\": 1").andExpect(jsonPath("$.error").value(0));
        }

        @Test
        void settingsThatWouldBlurTheOutcomesStopTheStart() {
            assertThatThrownBy(() -> new PromoErrorNumbers(Map.of("no-free-code", 0))).hasMessageContaining("no-free-code: 0");
            assertThatThrownBy(() -> new PromoErrorNumbers(Map.of("no-free-code", 3)))
                    .hasMessageContaining("profile-not-found").hasMessageContaining("3");
            assertThatThrownBy(() -> new PromoErrorNumbers(Map.of("pool-empty", 9))).hasMessageContaining("pool-empty: no such outcome");
        }
    }

    /** Not a section of the document: XML is read safely (no DOCTYPE, so no entities). */
    @Nested
    class XmlSafety {

        @Test
        void xxeIsRefusedAndNoFileIsRead(@TempDir Path temp) throws Exception {
            Path secret = temp.resolve("secret.txt");
            Files.writeString(secret, "TOP-SECRET-CONTENT");
            String xxe = """
                    <?xml version="1.0"?>
                    <!DOCTYPE xml [<!ENTITY leak SYSTEM "%s">]>
                    <xml><token>abcdefghijklmnqrstuvwxyz</token><db_id>1</db_id><matching>profile_id</matching>
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
    }

    private void attachesTo(String parameters, String profileId) throws Exception {
        int before = book.codesOf(profileId).size();
        attach(parameters + (parameters.contains("loyalty_id") ? "" : ", \"loyalty_id\": 1")).andExpect(jsonPath("$.error").value(0));
        assertThat(book.codesOf(profileId)).hasSize(before + 1);
    }

    private ResultActions refused(String parameters, PromoError outcome) throws Exception {
        return refused(parameters, outcome.defaultNumber());
    }

    private ResultActions refused(String parameters, int error) throws Exception {
        return attach(parameters).andExpect(status().isOk()).andExpect(jsonPath("$.error").value(error))
                .andExpect(jsonPath("$.error_text").isString()).andExpect(jsonPath("$.data").value(nullValue()));
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
