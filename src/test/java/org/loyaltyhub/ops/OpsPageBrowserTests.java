package org.loyaltyhub.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loyaltyhub.events.Topics;
import org.loyaltyhub.sandbox.ecom.EcomCardStore;
import org.loyaltyhub.sandbox.faults.SandboxFault;
import org.loyaltyhub.sandbox.faults.SandboxFaults;
import org.loyaltyhub.support.HubIntegrationTest;
import org.loyaltyhub.support.HubTestSupport;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The ops page in a real headless browser (Debian's chromium and chromedriver, as .ci/run installs
 * them): it shows the routes, a dead letter appears after a sandbox fault, a click replays it, and it
 * disappears once delivered. Skipped, saying why, only where no browser is installed.
 */
@HubIntegrationTest
class OpsPageBrowserTests {

    private static final Duration PAGE_WAIT = Duration.ofSeconds(40);

    @LocalServerPort
    int port;
    @Autowired
    SandboxFaults faults;
    @Autowired
    EcomCardStore ecom;
    @Autowired
    Topics topics;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    ChromeDriver browser;
    Path profile;

    @BeforeEach
    void openBrowser() throws Exception {
        Optional<Path> chromium = executable("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = executable("chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && driver.isPresent(),
                "No chromium and chromedriver on PATH: the ops page browser test is skipped (apt-get install chromium chromium-driver, as .ci/run does)");
        profile = Files.createTempDirectory("ops-page-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1800", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        // the operator's basic login on every request of the page, as a browser would send it after the prompt
        String credentials = Base64.getEncoder().encodeToString(
                (HubTestSupport.OPERATOR + ":" + HubTestSupport.OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", "Basic " + credentials)));
    }

    @AfterEach
    void closeBrowser() throws Exception {
        faults.clearAll();
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void theOpsPageShowsRoutesAndADeadLetterThatAClickReplaysUntilItIsDelivered() throws Exception {
        browser.get("http://127.0.0.1:" + port + "/ops/");
        WebDriverWait wait = new WebDriverWait(browser, PAGE_WAIT);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#routes tr[data-route='dispatch-ecom']")));
        assertThat(browser.findElement(By.cssSelector("#routes tr[data-route='dispatch-ecom']")).getText()).contains("Started");
        assertThat(browser.findElement(By.cssSelector("#systems tr[data-system='ecom']")).getText()).contains("ecom");
        assertThat(browser.findElements(By.cssSelector("#charts .chart[data-system='ecom'] polyline"))).hasSize(3);

        // ecom refuses the card (400): it is dead-lettered and the page lists it
        faults.set("ecom", new SandboxFault(400, 1.0, 0L, false, null));
        String number = "7800000000001";
        HubTestSupport.publish(kafka, topics.forEntity("card"), "spi", "card.upserted", number,
                HubTestSupport.card(number, "B-" + number, "Browser", "3.00"));
        By row = By.xpath("//table[@id='dead-letters']//tr[td[4][text()='" + number + "']]");
        WebElement letter = wait.until(ExpectedConditions.presenceOfElementLocated(row));
        assertThat(letter.getText()).contains("400");
        String id = letter.getAttribute("data-dead-letter");

        letter.findElement(By.cssSelector("button.detail")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dl-detail")));
        assertThat(browser.findElement(By.id("dl-detail-payload")).getText()).contains(number);
        assertThat(browser.findElement(By.id("dl-detail-history")).getText()).contains("400");
        Path screenshot = Path.of("target", "ops-page.png");
        // the README's docs/ops-page.png is a copy of this file, taken by hand: tests never write the sources
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

        // the vendor is back: a click replays it, and it leaves the waiting list once delivered
        faults.clear("ecom");
        browser.findElement(row).findElement(By.cssSelector("button.replay")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(row, 0));
        await().atMost(Duration.ofSeconds(30)).until(() -> ecom.findByCode(number).isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(json.readTree(
                http.withBasicAuth(HubTestSupport.OPERATOR, HubTestSupport.OPERATOR_PASSWORD)
                        .getForObject("/ops/api/dead-letters/" + id, String.class)).path("status").asText()));
        assertThat(ecom.writesFor(number, EcomCardStore.CREATE)).isEqualTo(1);
    }

    private static Optional<Path> executable(String... names) {
        List<String> path = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
        for (String name : names) {
            for (String dir : path) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
