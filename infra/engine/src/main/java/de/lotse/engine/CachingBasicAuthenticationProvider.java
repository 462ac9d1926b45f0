package de.lotse.engine;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.identity.Tenant;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationResult;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP Basic against the engine's users, remembering a successful check for a short while.
 * Without it every REST call (each fetch, complete, correlate) costs a password hash and three
 * identity queries; Lotse's workers make hundreds a second. A changed password or a removed
 * user takes effect within {@link #TTL_MILLIS}. Failed checks are never cached.
 */
public class CachingBasicAuthenticationProvider extends HttpBasicAuthenticationProvider {

  static final long TTL_MILLIS = 60_000;
  private static final int MAX_ENTRIES = 1_000;

  private record Entry(String userId, List<String> groups, List<String> tenants, long until) {}

  private static final Map<String, Entry> CACHE = new ConcurrentHashMap<>();

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      return AuthenticationResult.unsuccessful();
    }
    String key = engine.getName() + ":" + sha256(header);
    long now = System.currentTimeMillis();
    Entry cached = CACHE.get(key);
    if (cached != null && cached.until() > now) {
      return withIdentity(cached.userId(), cached.groups(), cached.tenants());
    }
    AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
    if (!result.isAuthenticated()) {
      CACHE.remove(key);
      return result;
    }
    IdentityService identity = engine.getIdentityService();
    String userId = result.getAuthenticatedUser();
    List<String> groups =
        identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    List<String> tenants =
        identity.createTenantQuery().userMember(userId).includingGroupsOfUser(true).list().stream()
            .map(Tenant::getId)
            .toList();
    if (CACHE.size() >= MAX_ENTRIES) {
      CACHE.clear();
    }
    CACHE.put(key, new Entry(userId, groups, tenants, now + TTL_MILLIS));
    return withIdentity(userId, groups, tenants);
  }

  private static AuthenticationResult withIdentity(String userId, List<String> groups, List<String> tenants) {
    AuthenticationResult result = AuthenticationResult.successful(userId);
    result.setGroups(groups);
    result.setTenants(tenants);
    return result;
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
