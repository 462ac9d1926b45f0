package de.lotse.engine;

import java.util.Map;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.jobexecutor.JobExecutor;
import org.operaton.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The engine's clock for end-to-end tests: moving it forward makes due timers fire now. Exists
 * only when lotse.engine.test-clock=true, which only the test profiles of infra/stack.js set.
 */
@RestController
@RequestMapping("/lotse-test/clock")
@ConditionalOnProperty(name = "lotse.engine.test-clock", havingValue = "true")
public class TestClockController {

  private final ProcessEngine engine;

  public TestClockController(ProcessEngine engine) {
    this.engine = engine;
  }

  @GetMapping
  public Map<String, Object> now() {
    return Map.of("instant", ClockUtil.getCurrentTime().toInstant().toString());
  }

  /** Moves the clock forward by offsetMillis and wakes the job executor. */
  @PostMapping
  public Map<String, Object> add(@RequestBody Map<String, Long> body) {
    long by = body.getOrDefault("offsetMillis", 0L);
    if (by < 0) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    // The clock keeps running from the new instant (offset from the system clock).
    long offset = ClockUtil.getCurrentTime().getTime() - System.currentTimeMillis();
    ClockUtil.offset(offset + by);
    JobExecutor jobs =
        ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
    if (jobs != null) {
      jobs.jobWasAdded();
    }
    return now();
  }
}
