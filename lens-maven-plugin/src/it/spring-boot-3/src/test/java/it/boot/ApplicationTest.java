package it.boot;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import okhttp3.OkHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The service's own test, run by Boot's JUnit 5 with Lens on the test class path. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApplicationTest {

    @LocalServerPort
    int port;

    @Test
    void answersOverOkHttp4() throws Exception {
        String body = new GreetingClient(HttpUrl.get("http://127.0.0.1:" + port + "/")).greeting("Lens");

        assertThat(body).isEqualTo("{\"text\":\"Hello, Lens\"}");
        assertThat(OkHttp.VERSION).startsWith("4.");
    }
}
