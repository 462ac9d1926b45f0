import { Initial1795420800000 } from './1795420800000-initial';
import { StaffAndAudit1795507200000 } from './1795507200000-staff-and-audit';
import { Conferences1795593600000 } from './1795593600000-conferences';
import { TaskListIndexes1795680000000 } from './1795680000000-task-list-indexes';
import { SessionRevocation1795766400000 } from './1795766400000-session-revocation';
import { Operaton1795852800000 } from './1795852800000-operaton';
import { Offers1795939100000 } from './1795939100000-offers';
import { YoungPersonLookup1795939150000 } from './1795939150000-young-person-lookup';
import { Protocol1795939200000 } from './1795939200000-protocol';
import { ProtocolKeys1795939300000 } from './1795939300000-protocol-keys';
import { SessionHardening1796025600000 } from './1796025600000-session-hardening';
import { ConsentRules1796112100000 } from './1796112100000-consent-rules';
import { AuditChain1796198400000 } from './1796198400000-audit-chain';
import { Retention1796198500000 } from './1796198500000-retention';
import { EntrustedNotes1796198700000 } from './1796198700000-entrusted-notes';
import { OutboxRequestId1796198800000 } from './1796198800000-outbox-request-id';
import { JbaFederalState1796198850000 } from './1796198850000-jba-federal-state';
import { SavedTaskFilters1796198900000 } from './1796198900000-saved-task-filters';
import { TaskNotifications1796198950000 } from './1796198950000-task-notifications';
import { ConsentPaperAndRevocation1796199000000 } from './1796199000000-consent-paper-and-revocation';

/** In order; never rewrite one that has landed, add a new one. */
export const MIGRATIONS = [
  Initial1795420800000,
  StaffAndAudit1795507200000,
  Conferences1795593600000,
  TaskListIndexes1795680000000,
  SessionRevocation1795766400000,
  Operaton1795852800000,
  Offers1795939100000,
  YoungPersonLookup1795939150000,
  Protocol1795939200000,
  ProtocolKeys1795939300000,
  SessionHardening1796025600000,
  ConsentRules1796112100000,
  AuditChain1796198400000,
  Retention1796198500000,
  EntrustedNotes1796198700000,
  OutboxRequestId1796198800000,
  JbaFederalState1796198850000,
  SavedTaskFilters1796198900000,
  TaskNotifications1796198950000,
  ConsentPaperAndRevocation1796199000000,
];
