package dev.mppcensus;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class MppCensusApplication {
    public static void main(String[] args) {
    }
}
