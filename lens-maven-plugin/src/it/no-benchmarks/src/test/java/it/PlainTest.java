package it;

public class PlainTest {

    public String notABenchmark() {
        return "Nothing to see.";
    }
}
