package de.lotse.engine;

import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.identity.User;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Makes sure Lotse's service account exists with the configured password when the engine
 * starts (the password is set again when it changed). There is no default password: without
 * one the engine does not start.
 */
@Component
public class ServiceAccountPlugin extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceAccountPlugin.class);

  private final String userId;
  private final String password;

  public ServiceAccountPlugin(
      @Value("${lotse.engine.service-user}") String userId,
      @Value("${lotse.engine.service-password:}") String password) {
    if (password == null || password.isBlank()) {
      throw new IllegalStateException(
          "ENGINE_SERVICE_PASSWORD is not set: Lotse's service account needs a password");
    }
    this.userId = userId;
    this.password = password;
  }

  @Override
  public void postProcessEngineBuild(ProcessEngine engine) {
    IdentityService identity = engine.getIdentityService();
    User user = identity.createUserQuery().userId(userId).singleResult();
    if (user == null) {
      user = identity.newUser(userId);
      user.setFirstName("Lotse");
      user.setLastName("Dienstkonto");
      user.setPassword(password);
      identity.saveUser(user);
      LOG.info("service account {} created", userId);
    } else if (!identity.checkPassword(userId, password)) {
      user.setPassword(password);
      identity.saveUser(user);
      LOG.info("service account {}: password updated", userId);
    }
  }
}
