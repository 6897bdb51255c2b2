package it.boot;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** The service's own use of OkHttp 4 (its API, with Kotlin and Okio under it). */
public class GreetingClient {

    private final OkHttpClient client = new OkHttpClient();
    private final HttpUrl base;

    public GreetingClient(HttpUrl base) {
        this.base = base;
    }

    public String greeting(String name) throws IOException {
        HttpUrl url = base.newBuilder().addPathSegment("greeting").addQueryParameter("name", name).build();
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.body().string();
        }
    }
}
