package de.lotse.engine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Operaton with its REST API and web apps; configured in application.yaml. */
@SpringBootApplication
public class LotseEngineApplication {
  public static void main(String[] args) {
    SpringApplication.run(LotseEngineApplication.class, args);
  }
}
