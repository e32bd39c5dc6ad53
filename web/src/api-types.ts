/**
 * The HTTP API's answers and JSON bodies, generated from /openapi.json by
 * scripts/gen-web-types.mjs (`npm run gen:web-types`): do not edit. `npm run check:web-types`
 * fails when the routes declare something else.
 */

/** What each route answers (its 2xx JSON), by "METHOD /path". */
export interface ApiAnswers {
  /** The alert queue: filtered, sorted, paged, with pending decisions */
  'GET /alerts': {
    alerts: Array<{
      id: number | string;
      state: string;
      score: number;
      entity: {
        id: string;
        list: string;
        ref: string;
        caption: string;
        /** the cluster the alert stands for (one person across lists); absent on older alerts */
        cluster?: string;
      };
      assignee: string | null;
      run: string | null;
      previousAlert: number | string | null;
      createdAt: string;
      updatedAt: string;
      modelVersion: string | null;
      subject: {
        id: string;
        name: string;
      };
      /** the decision waiting for approval (four-eyes), if any */
      pending: {
        decision: number | string;
        action: string;
        decidedBy: string;
        /** the person or key name behind decidedBy */
        decidedByName: string;
        decidedAt: string;
        /** made by the caller, who may not approve it (four-eyes) */
        mine: boolean;
      } | null;
    }>;
    /** how many alerts pass the filters, on every page */
    total: number;
    offset: number;
    limit: number;
  };
  /** One decision on many alerts, recorded per alert; an outcome per alert */
  'POST /alerts/decisions': {
    outcomes: Array<
      | {
          alert: number | string;
          ok: true;
          decision: number | string;
          status: string;
          state: string;
        }
      | {
          alert: number | string;
          ok: false;
          code: string;
          message: string;
        }
    >;
  };
  /** The alert queue grouped by the listed entity (its cluster across lists) */
  'GET /alerts/groups': {
    groups: Array<{
      key: string;
      entity: string;
      cluster?: string;
      caption: string;
      list: string;
      count: number;
      maxScore: number;
      /** the group's alert ids, highest score first (at most 500) */
      alerts: Array<number | string>;
    }>;
    /** how many groups pass the filters */
    total: number;
    offset: number;
    limit: number;
  };
  /** One alert with decisions and comments */
  'GET /alerts/{id}': {
    id: number | string;
    state: string;
    score: number;
    entity: {
      id: string;
      list: string;
      ref: string;
      caption: string;
      /** the cluster the alert stands for (one person across lists); absent on older alerts */
      cluster?: string;
    };
    assignee: string | null;
    run: string | null;
    previousAlert: number | string | null;
    createdAt: string;
    updatedAt: string;
    modelVersion: string | null;
    explanation: string;
    subject: {
      id: string;
      name: string;
      birthDate: string | null;
      nationality: string | null;
    };
    decisions: Array<{
      id: number | string;
      action: string;
      reason: string;
      decidedBy: string;
      decidedAt: string;
      status: string;
      approvedBy: string | null;
      approvedAt: string | null;
    }>;
    comments: Array<{
      id: number | string;
      author: string;
      at: string;
      text: string;
    }>;
  };
  /** Assign an alert (null to unassign) */
  'POST /alerts/{id}/assign': {
    id: number | string;
    state: string;
    score: number;
    entity: {
      id: string;
      list: string;
      ref: string;
      caption: string;
      /** the cluster the alert stands for (one person across lists); absent on older alerts */
      cluster?: string;
    };
    assignee: string | null;
    run: string | null;
    previousAlert: number | string | null;
    createdAt: string;
    updatedAt: string;
    modelVersion: string | null;
    explanation: string;
    subject: {
      id: string;
      name: string;
      birthDate: string | null;
      nationality: string | null;
    };
    decisions: Array<{
      id: number | string;
      action: string;
      reason: string;
      decidedBy: string;
      decidedAt: string;
      status: string;
      approvedBy: string | null;
      approvedAt: string | null;
    }>;
    comments: Array<{
      id: number | string;
      author: string;
      at: string;
      text: string;
    }>;
  };
  /** The case file of an alert, verifiable offline */
  'GET /alerts/{id}/case':
    | {
        format: 'sanad-case.1';
        kind: 'alert' | 'subject';
        id: string;
        made: {
          at: string;
          by: string;
          byName: string;
          /** the node's public key (base64), as `sanad node key` prints it */
          node: string;
          partner: string;
        };
        subject: {
          id: string;
          name: string;
          schema: string | null;
          birthDate: string | null;
          nationality: string | null;
          monitored: boolean;
          createdAt: string;
          updatedAt: string;
        };
        query: {
          name: string;
          schema: string | null;
          birthDate: string | null;
          nationality: string | null;
        };
        alerts: Array<{
          id: string;
          state: string;
          score: number;
          explanation: string;
          entity: {
            id: string;
            list: string;
            ref: string;
            caption: string;
            cluster: string | null;
          };
          run: string | null;
          previousAlert: string | null;
          assignee: string | null;
          createdAt: string;
          updatedAt: string;
          modelVersion: string | null;
          threshold: number | null;
          listVersions: Array<number>;
          evidence: {
            alert: {
              id: string;
              state: 'open' | 'escalated' | 'confirmed' | 'dismissed';
              awaitingApproval: boolean;
              pendingDecision: string | null;
              score: number;
              createdAt: string;
              updatedAt: string;
              run: string | null;
              modelVersion: string | null;
              cluster: string | null;
              assignee: string | null;
              previousAlert: string | null;
              storedExplanation: string;
            };
            subject: {
              id: string;
              name: string;
              schema: string | null;
              birthDate: string | null;
              nationality: string | null;
              stored: Array<string>;
            };
            entity: {
              id: string;
              ref: string;
              schema: string;
              caption: string;
              names: Array<{
                value: string;
                kind: string;
                script: string;
              }>;
              birthDates: Array<string>;
              birthPlaces: Array<string>;
              nationalities: Array<string>;
              countries: Array<string>;
              identifiers: Array<{
                kind: string;
                number: string;
                country?: string;
                label?: string;
                note?: string;
              }>;
              addresses: Array<string>;
              programme: string | null;
              listedOn: string | null;
              updatedOn: Array<string>;
              notes: Array<string>;
              deathDates: Array<string>;
              gender: Array<string>;
              positions: Array<string>;
              list: {
                id: string;
                version: {
                  number: number;
                  label: string;
                  sha256: string;
                  loadedAt: string;
                  active: boolean;
                } | null;
                source: 'raised' | 'current' | 'partner-record';
              };
              sharing: {
                partner: string;
                basis: string;
                sharedAt: string;
              } | null;
              inCurrentLists: boolean;
            };
            rows: Array<{
              field: string;
              subject: Array<string>;
              entity: Array<string>;
              agreement: 'agree' | 'disagree' | 'partial' | 'unknown';
            }>;
            explanation: {
              score: number;
              storedScore: number;
              scoreChanged: boolean;
              model: string;
              storedModel: string | null;
              matchedName: string;
              nameScore: number;
              tokens: Array<{
                query: string;
                listed: string;
                evidence:
                  | 'exact'
                  | 'variant'
                  | 'cross-script'
                  | 'spelling'
                  | 'fuzzy'
                  | 'initial'
                  | 'joined';
                score: number;
                weight: number;
              }>;
              unmatchedQuery: Array<string>;
              unmatchedListed: Array<string>;
              qualifiers: Array<{
                kind: 'birthDate' | 'nationality' | 'commonName' | 'weakAlias' | 'schema';
                delta: number;
                text: string;
              }>;
              arithmetic: {
                bias: number;
                contributions: Array<{
                  feature: string;
                  value: number;
                  weight: number;
                  contribution: number;
                  text: string;
                }>;
                total: number;
                probability: number;
                score: number;
              };
            } | null;
            whatIf: Array<{
              field: 'birthDate' | 'nationality';
              listed: Array<string>;
              agreeValue: string;
              ifAgrees: number;
              differValue: string;
              ifDiffers: number;
            }>;
            decisions: Array<{
              id: string;
              action: 'confirm' | 'dismiss' | 'escalate';
              reason: string;
              status: 'pending' | 'effective' | 'rejected';
              decidedBy: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              };
              decidedAt: string;
              approvedBy: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              } | null;
              approvedAt: string | null;
            }>;
            comments: Array<{
              id: string;
              author: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              };
              at: string;
              text: string;
            }>;
          };
          decisions: Array<{
            id: string;
            action: string;
            reason: string;
            decidedBy: string;
            decidedByName: string;
            decidedAt: string;
            status: string;
            approvedBy: string | null;
            approvedByName: string | null;
            approvedAt: string | null;
          }>;
          comments: Array<{
            id: string;
            author: string;
            authorName: string;
            at: string;
            text: string;
          }>;
        }>;
        runs: Array<{
          id: string;
          source: string;
          sha256: string;
          createdAt: string;
          createdBy: string;
          status: string;
          threshold: number;
          monitor: boolean;
          finishedAt: string | null;
          modelVersion: string | null;
          listVersions: Record<string, number>;
        }>;
        listVersions: Array<{
          id: number;
          list: string;
          version: number;
          label: string;
          sha256: string;
          source: string;
          loadedAt: string;
        }>;
        trail: {
          chain: string;
          /** the chain head signed by the node (`sanad-audit-head.1.…`) */
          head: string;
          headSeq: number;
          headHash: string;
          waypoints: Array<string>;
          records: Array<
            | {
                chain: string;
                chainSeq: number;
                format: number;
                at: string;
                actor: string;
                action: string;
                objectType: string;
                objectId: string;
                /** the record's data as hashed: JSON text */
                data: string;
                partner: string;
                prevHash: string;
                hash: string;
                link: false;
              }
            | {
                chain: string;
                chainSeq: number;
                prevHash: string;
                hash: string;
                link: true;
              }
          >;
        };
        /** the node's Ed25519 signature over the file's canonical JSON */
        seal: string;
      }
    | {
        format: 'sanad-case.1';
        kind: 'alert' | 'subject';
        id: string;
        made: {
          at: string;
          by: string;
          byName: string;
          /** the node's public key (base64), as `sanad node key` prints it */
          node: string;
          partner: string;
        };
        subject: {
          id: string;
          name: string;
          schema: string | null;
          birthDate: string | null;
          nationality: string | null;
          monitored: boolean;
          createdAt: string;
          updatedAt: string;
        };
        query: {
          name: string;
          schema: string | null;
          birthDate: string | null;
          nationality: string | null;
        };
        alerts: Array<{
          id: string;
          state: string;
          score: number;
          explanation: string;
          entity: {
            id: string;
            list: string;
            ref: string;
            caption: string;
            cluster: string | null;
          };
          run: string | null;
          previousAlert: string | null;
          assignee: string | null;
          createdAt: string;
          updatedAt: string;
          modelVersion: string | null;
          threshold: number | null;
          listVersions: Array<number>;
          evidence: {
            alert: {
              id: string;
              state: 'open' | 'escalated' | 'confirmed' | 'dismissed';
              awaitingApproval: boolean;
              pendingDecision: string | null;
              score: number;
              createdAt: string;
              updatedAt: string;
              run: string | null;
              modelVersion: string | null;
              cluster: string | null;
              assignee: string | null;
              previousAlert: string | null;
              storedExplanation: string;
            };
            subject: {
              id: string;
              name: string;
              schema: string | null;
              birthDate: string | null;
              nationality: string | null;
              stored: Array<string>;
            };
            entity: {
              id: string;
              ref: string;
              schema: string;
              caption: string;
              names: Array<{
                value: string;
                kind: string;
                script: string;
              }>;
              birthDates: Array<string>;
              birthPlaces: Array<string>;
              nationalities: Array<string>;
              countries: Array<string>;
              identifiers: Array<{
                kind: string;
                number: string;
                country?: string;
                label?: string;
                note?: string;
              }>;
              addresses: Array<string>;
              programme: string | null;
              listedOn: string | null;
              updatedOn: Array<string>;
              notes: Array<string>;
              deathDates: Array<string>;
              gender: Array<string>;
              positions: Array<string>;
              list: {
                id: string;
                version: {
                  number: number;
                  label: string;
                  sha256: string;
                  loadedAt: string;
                  active: boolean;
                } | null;
                source: 'raised' | 'current' | 'partner-record';
              };
              sharing: {
                partner: string;
                basis: string;
                sharedAt: string;
              } | null;
              inCurrentLists: boolean;
            };
            rows: Array<{
              field: string;
              subject: Array<string>;
              entity: Array<string>;
              agreement: 'agree' | 'disagree' | 'partial' | 'unknown';
            }>;
            explanation: {
              score: number;
              storedScore: number;
              scoreChanged: boolean;
              model: string;
              storedModel: string | null;
              matchedName: string;
              nameScore: number;
              tokens: Array<{
                query: string;
                listed: string;
                evidence:
                  | 'exact'
                  | 'variant'
                  | 'cross-script'
                  | 'spelling'
                  | 'fuzzy'
                  | 'initial'
                  | 'joined';
                score: number;
                weight: number;
              }>;
              unmatchedQuery: Array<string>;
              unmatchedListed: Array<string>;
              qualifiers: Array<{
                kind: 'birthDate' | 'nationality' | 'commonName' | 'weakAlias' | 'schema';
                delta: number;
                text: string;
              }>;
              arithmetic: {
                bias: number;
                contributions: Array<{
                  feature: string;
                  value: number;
                  weight: number;
                  contribution: number;
                  text: string;
                }>;
                total: number;
                probability: number;
                score: number;
              };
            } | null;
            whatIf: Array<{
              field: 'birthDate' | 'nationality';
              listed: Array<string>;
              agreeValue: string;
              ifAgrees: number;
              differValue: string;
              ifDiffers: number;
            }>;
            decisions: Array<{
              id: string;
              action: 'confirm' | 'dismiss' | 'escalate';
              reason: string;
              status: 'pending' | 'effective' | 'rejected';
              decidedBy: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              };
              decidedAt: string;
              approvedBy: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              } | null;
              approvedAt: string | null;
            }>;
            comments: Array<{
              id: string;
              author: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              };
              at: string;
              text: string;
            }>;
          };
          decisions: Array<{
            id: string;
            action: string;
            reason: string;
            decidedBy: string;
            decidedByName: string;
            decidedAt: string;
            status: string;
            approvedBy: string | null;
            approvedByName: string | null;
            approvedAt: string | null;
          }>;
          comments: Array<{
            id: string;
            author: string;
            authorName: string;
            at: string;
            text: string;
          }>;
        }>;
        runs: Array<{
          id: string;
          source: string;
          sha256: string;
          createdAt: string;
          createdBy: string;
          status: string;
          threshold: number;
          monitor: boolean;
          finishedAt: string | null;
          modelVersion: string | null;
          listVersions: Record<string, number>;
        }>;
        listVersions: Array<{
          id: number;
          list: string;
          version: number;
          label: string;
          sha256: string;
          source: string;
          loadedAt: string;
        }>;
        trail: {
          chain: string;
          /** the chain head signed by the node (`sanad-audit-head.1.…`) */
          head: string;
          headSeq: number;
          headHash: string;
          waypoints: Array<string>;
          records: Array<
            | {
                chain: string;
                chainSeq: number;
                format: number;
                at: string;
                actor: string;
                action: string;
                objectType: string;
                objectId: string;
                /** the record's data as hashed: JSON text */
                data: string;
                partner: string;
                prevHash: string;
                hash: string;
                link: false;
              }
            | {
                chain: string;
                chainSeq: number;
                prevHash: string;
                hash: string;
                link: true;
              }
          >;
        };
        /** a preview: neither recorded on the trail nor sealed */
        preview: true;
      };
  /** Comment on an alert */
  'POST /alerts/{id}/comments': {
    id: number | string;
  };
  /** Decide: confirm, dismiss or escalate, with a reason */
  'POST /alerts/{id}/decision': {
    decision: number | string;
    status: string;
    state: string;
  };
  /** Approve or reject a pending decision (four-eyes) */
  'POST /alerts/{id}/decisions/{decision}/{verdict}': {
    decision: number | string;
    status: string;
    state: string;
  };
  /** The evidence behind an alert, side by side */
  'GET /alerts/{id}/evidence': {
    alert: {
      id: string;
      state: 'open' | 'escalated' | 'confirmed' | 'dismissed';
      awaitingApproval: boolean;
      pendingDecision: string | null;
      score: number;
      createdAt: string;
      updatedAt: string;
      run: string | null;
      modelVersion: string | null;
      cluster: string | null;
      assignee: string | null;
      previousAlert: string | null;
      storedExplanation: string;
    };
    subject: {
      id: string;
      name: string;
      schema: string | null;
      birthDate: string | null;
      nationality: string | null;
      stored: Array<string>;
    };
    entity: {
      id: string;
      ref: string;
      schema: string;
      caption: string;
      names: Array<{
        value: string;
        kind: string;
        script: string;
      }>;
      birthDates: Array<string>;
      birthPlaces: Array<string>;
      nationalities: Array<string>;
      countries: Array<string>;
      identifiers: Array<{
        kind: string;
        number: string;
        country?: string;
        label?: string;
        note?: string;
      }>;
      addresses: Array<string>;
      programme: string | null;
      listedOn: string | null;
      updatedOn: Array<string>;
      notes: Array<string>;
      deathDates: Array<string>;
      gender: Array<string>;
      positions: Array<string>;
      list: {
        id: string;
        version: {
          number: number;
          label: string;
          sha256: string;
          loadedAt: string;
          active: boolean;
        } | null;
        source: 'raised' | 'current' | 'partner-record';
      };
      sharing: {
        partner: string;
        basis: string;
        sharedAt: string;
      } | null;
      inCurrentLists: boolean;
    };
    rows: Array<{
      field: string;
      subject: Array<string>;
      entity: Array<string>;
      agreement: 'agree' | 'disagree' | 'partial' | 'unknown';
    }>;
    explanation: {
      score: number;
      storedScore: number;
      scoreChanged: boolean;
      model: string;
      storedModel: string | null;
      matchedName: string;
      nameScore: number;
      tokens: Array<{
        query: string;
        listed: string;
        evidence:
          'exact' | 'variant' | 'cross-script' | 'spelling' | 'fuzzy' | 'initial' | 'joined';
        score: number;
        weight: number;
      }>;
      unmatchedQuery: Array<string>;
      unmatchedListed: Array<string>;
      qualifiers: Array<{
        kind: 'birthDate' | 'nationality' | 'commonName' | 'weakAlias' | 'schema';
        delta: number;
        text: string;
      }>;
      arithmetic: {
        bias: number;
        contributions: Array<{
          feature: string;
          value: number;
          weight: number;
          contribution: number;
          text: string;
        }>;
        total: number;
        probability: number;
        score: number;
      };
    } | null;
    whatIf: Array<{
      field: 'birthDate' | 'nationality';
      listed: Array<string>;
      agreeValue: string;
      ifAgrees: number;
      differValue: string;
      ifDiffers: number;
    }>;
    decisions: Array<{
      id: string;
      action: 'confirm' | 'dismiss' | 'escalate';
      reason: string;
      status: 'pending' | 'effective' | 'rejected';
      decidedBy: {
        actor: string;
        name: string;
        kind: 'person' | 'key' | 'other';
        key?: string;
      };
      decidedAt: string;
      approvedBy: {
        actor: string;
        name: string;
        kind: 'person' | 'key' | 'other';
        key?: string;
      } | null;
      approvedAt: string | null;
    }>;
    comments: Array<{
      id: string;
      author: {
        actor: string;
        name: string;
        kind: 'person' | 'key' | 'other';
        key?: string;
      };
      at: string;
      text: string;
    }>;
  };
  /** Audit records, newest first (admin); `next` is the cursor of the older page */
  'GET /audit': {
    records: Array<{
      seq?: number;
      chain?: string;
      chainSeq?: number;
      format?: number;
      at: string;
      actor: string;
      action: string;
      objectType: string;
      objectId: string;
      data: unknown;
      prevHash?: string;
      hash?: string;
      partner?: string;
    }>;
    next?: string | null;
  };
  /** The chains' heads, signed with the node's key (admin) */
  'GET /audit/head': {
    at: string;
    node: string;
    chains: Array<{
      chain: string;
      seq: number;
      hash: string;
    }>;
    anchor: string;
  };
  /** Verify the audit chains (admin) */
  'GET /audit/verify': {
    ok: boolean;
    records?: number;
    broken?: {
      chain?: string;
      seq: number;
      reason: string;
    };
    heads?: Array<{
      chain: string;
      seq: number;
      hash: string;
    }>;
    reread?: number;
  };
  /** Link proposals between records of different lists, newest first */
  'GET /clusters/proposals': {
    proposals: Array<{
      id: string;
      a: string;
      b: string;
      captionA: string | null;
      captionB: string | null;
      basis: string;
      score: number;
      state: 'proposed' | 'accepted' | 'rejected';
      stale: boolean;
      createdAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      reason: string | null;
    }>;
  };
  /** Compute link proposals by name, date of birth and nationality; store new ones */
  'POST /clusters/proposals': {
    found: number;
    created: Array<{
      id: string;
      a: string;
      b: string;
      captionA: string | null;
      captionB: string | null;
      basis: string;
      score: number;
      state: 'proposed' | 'accepted' | 'rejected';
      stale: boolean;
      createdAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
      reason: string | null;
    }>;
  };
  /** Accept a link proposal: the two records become one cluster */
  'POST /clusters/proposals/{id}/accept': {
    id: string;
    a: string;
    b: string;
    captionA: string | null;
    captionB: string | null;
    basis: string;
    score: number;
    state: 'proposed' | 'accepted' | 'rejected';
    stale: boolean;
    createdAt: string;
    decidedBy: string | null;
    decidedAt: string | null;
    reason: string | null;
  };
  /** Reject a link proposal (or undo an accepted link): never proposed again */
  'POST /clusters/proposals/{id}/reject': {
    id: string;
    a: string;
    b: string;
    captionA: string | null;
    captionB: string | null;
    basis: string;
    score: number;
    state: 'proposed' | 'accepted' | 'rejected';
    stale: boolean;
    createdAt: string;
    decidedBy: string | null;
    decidedAt: string | null;
    reason: string | null;
  };
  /** A cluster (by its id, or by a member record’s entity id), members side by side */
  'GET /clusters/{id}': {
    id: string;
    members: Array<{
      entity_id: string;
      list: string;
      ref: string;
      caption: string;
      schema: string;
      names: Array<string>;
      weakAliases: Array<string>;
      birthDates: Array<string>;
      nationalities: Array<string>;
      listedOn: string | null;
      programme: string | null;
    }>;
    links: Array<{
      a: string;
      b: string;
      basis: string;
    }>;
  };
  /** An entity: names (original script included), provenance, history */
  'GET /entities/{id}': {
    id: string;
    caption: string;
    schema: string;
    properties: Record<string, Array<string>>;
    datasets: Array<string>;
    provenance: {
      listId: string;
      listVersion: string;
      ref: string;
      listedOn?: string;
      programme?: string;
      updatedOn?: Array<string>;
      sharing?: {
        partner: string;
        scope:
          | {
              kind: 'private' | 'coalition';
            }
          | {
              kind: 'partners';
              partners: Array<string>;
            };
        basis: string;
        sharedAt: string;
        via?: string;
      };
    };
    /** identifiers with their kind, issuing country and the list’s note, when it gives any */
    identifiers?: Array<{
      kind: string;
      number: string;
      country?: string;
      label?: string;
      note?: string;
    }>;
    listed: boolean;
    /** every record of the same person or organisation across lists, each with its own data */
    cluster: {
      id: string;
      members: Array<{
        list: string;
        ref: string;
        entity_id: string;
        caption: string;
        schema: string;
        properties: Record<string, Array<string>>;
        identifiers?: Array<{
          kind: string;
          number: string;
          country?: string;
          label?: string;
          note?: string;
        }>;
        provenance: {
          listId: string;
          listVersion: string;
          ref: string;
          listedOn?: string;
          programme?: string;
          updatedOn?: Array<string>;
          sharing?: {
            partner: string;
            scope:
              | {
                  kind: 'private' | 'coalition';
                }
              | {
                  kind: 'partners';
                  partners: Array<string>;
                };
            basis: string;
            sharedAt: string;
            via?: string;
          };
        };
      }>;
    };
    shared?: {
      by: string;
      at: string;
      basis: string;
      scope:
        | ('private' | 'coalition')
        | {
            partners: Array<string>;
          };
      version: number;
      via?: string;
    };
    history: Array<{
      version: number;
      label: string;
      loadedAt: string;
      change: string;
      scope?:
        | ('private' | 'coalition')
        | {
            partners: Array<string>;
          };
    }>;
  };
  /** The next signed batch of records this node shares with your partner */
  'GET /feed': {
    /** base64 of the batch document (JSON) */
    payload: string;
    /** Ed25519 signature of the payload, base64 */
    signature: string;
  };
  /** The feeds this node pulls (the node's own admins) */
  'GET /feeds': {
    feeds: Array<{
      id: string;
      url: string;
      publicKey: string;
      recipient: string | null;
      scope:
        | ('private' | 'coalition')
        | {
            partners: Array<string>;
          };
      createdAt: string;
      lastPullAt: string | null;
      lastOkAt: string | null;
      lastError: string | null;
      batches: number;
      refused: number;
    }>;
  };
  /** Subscribe to another node's feed (the node's own admins) */
  'POST /feeds': {
    id: string;
    url: string;
    publicKey: string;
    recipient: string | null;
    scope:
      | ('private' | 'coalition')
      | {
          partners: Array<string>;
        };
    createdAt: string;
    lastPullAt: string | null;
    lastOkAt: string | null;
    lastError: string | null;
    batches: number;
    refused: number;
  };
  /** Unsubscribe from a feed (the node's own admins) */
  'DELETE /feeds/{id}': {
    id: string;
    records: number;
  };
  /** Pull a feed now: every batch after its cursor, each verified before it is applied */
  'POST /feeds/{id}/pull': {
    feed: string;
    batches: number;
    created: number;
    amended: number;
    restored: number;
    unchanged: number;
    withdrawn: number;
    refused?: string;
    error?: string;
  };
  /** Your partner's API keys (the node's admins: every key), never their secrets */
  'GET /keys': {
    keys: Array<{
      id: string;
      name: string;
      role: 'admin' | 'analyst' | 'client';
      partner: string;
      person: string | null;
      createdAt: string;
      revokedAt: string | null;
    }>;
  };
  /** Revoke an API key: refused from the next request on, on this server */
  'POST /keys/{id}/revoke': {
    id: string;
    name: string;
    role: 'admin' | 'analyst' | 'client';
    partner: string;
    person: string | null;
    createdAt: string;
    revokedAt: string | null;
  };
  /** The limits of an upload and of a /match request */
  'GET /limits': {
    /** rows POST /tables reads from one file; more are cut */
    tableRows: number;
    /** largest file POST /tables and POST /runs take, bytes */
    uploadBytes: number;
    /** queries one POST /match request may hold */
    queriesPerRequest: number;
  };
  /** List catalogue: versions, counts, last load */
  'GET /lists': {
    lists: Array<{
      id: string;
      kind: string;
      active: {
        id: number;
        listId: string;
        seq: number;
        label: string;
        source: string;
        sha256: string;
        entityCount: number;
        loadedAt: string;
        active: boolean;
      } | null;
      lastLoad: string | null;
      versions: Array<{
        id: number;
        listId: string;
        seq: number;
        label: string;
        source: string;
        sha256: string;
        entityCount: number;
        loadedAt: string;
        active: boolean;
      }>;
      refresh: {
        url: string;
        checkedAt: string | null;
        status: 'loaded' | 'reactivated' | 'not_modified' | 'refused' | 'failed' | null;
        error: string | null;
        etag: string | null;
        lastModified: string | null;
      } | null;
    }>;
  };
  /** Entries added, removed and amended between two versions */
  'GET /lists/{id}/diff': {
    listId: string;
    from: {
      id: number;
      listId: string;
      seq: number;
      label: string;
      source: string;
      sha256: string;
      entityCount: number;
      loadedAt: string;
      active: boolean;
    };
    to: {
      id: number;
      listId: string;
      seq: number;
      label: string;
      source: string;
      sha256: string;
      entityCount: number;
      loadedAt: string;
      active: boolean;
    };
    added: Array<{
      id: string;
      ref: string;
      caption: string;
      schema: string;
    }>;
    removed: Array<{
      id: string;
      ref: string;
      caption: string;
      schema: string;
    }>;
    amended: Array<{
      id: string;
      ref: string;
      caption: string;
      schema: string;
      changed: Array<string>;
    }>;
    unchanged: number;
  };
  /** Upload a new version of a list (admin): an official list in its publisher's format (un-sc, us-ofac-sdn, …; detected), CSV for local lists */
  'POST /lists/{id}/versions': {
    version: {
      id: number;
      listId: string;
      seq: number;
      label: string;
      source: string;
      sha256: string;
      entityCount: number;
      loadedAt: string;
      active: boolean;
    };
    created: boolean;
    indexSwapped: boolean;
    encoding?: string;
    /** official lists: the format read, e.g. sdn-xml */
    format?: string;
    /** official lists: parts of the file read but not mapped, each naming where */
    warnings?: Array<string>;
  };
  /** Match entities (yente-compatible) */
  'POST /match/{dataset}': {
    responses: Record<
      string,
      {
        status: number;
        /** version id of the scoring model that made the scores (answered queries only) */
        model?: string;
        /** public ids of the alerts opened (al_…) */
        alerts?: Array<string>;
        /** score at or above which a result is a match, as applied (answered queries only) */
        threshold?: number;
        /** the list versions screened (answered queries only): id, version number and the version label */
        lists?: Array<{
          id: string;
          version: number;
          label: string;
        }>;
        code?: string;
        detail?: string;
        results: Array<{
          id: string;
          caption: string;
          schema: string;
          properties: Record<string, Array<string>>;
          /** every list that carries the cluster, the result's first */
          datasets: Array<string>;
          provenance: {
            listId: string;
            listVersion: string;
            ref: string;
            listedOn?: string;
            programme?: string;
            updatedOn?: Array<string>;
            sharing?: {
              partner: string;
              scope:
                | {
                    kind: 'private' | 'coalition';
                  }
                | {
                    kind: 'partners';
                    partners: Array<string>;
                  };
              basis: string;
              sharedAt: string;
              via?: string;
            };
          };
          /** id of the cluster: shared by every record of the same person or organisation across lists */
          cluster: string;
          /** every record of the cluster, whatever lists the query named */
          cluster_members: Array<{
            list: string;
            ref: string;
            entity_id: string;
          }>;
          score: number;
          match: boolean;
          /** present on a result of another kind than the query (a Person query, an Organization listed) that would have matched had the kinds agreed: shown for review, held under the threshold, never a match */
          schemaMismatch?: true;
          features: Record<string, number>;
          explanations: {
            summary: string;
            matchedName: string;
            nameScore: number;
            tokens: Array<{
              query: string;
              listed: string;
              evidence: string;
              similarity: number;
              weight: number;
            }>;
            unmatchedQuery: Array<string>;
            unmatchedListed: Array<string>;
            qualifiers: Array<{
              kind: string;
              delta: number;
              text: string;
            }>;
          };
          [key: string]: unknown;
        }>;
        total: {
          value: number;
          relation: 'eq';
        };
        query: unknown;
        [key: string]: unknown;
      }
    >;
    limit: number;
  };
  /** The calling key: its name, role and partner (never its secret) */
  'GET /me': {
    id: string;
    name: string;
    role: 'admin' | 'analyst' | 'client';
    partner: string;
    person: string | null;
  };
  /** Re-screen every monitored subject now (admin) */
  'POST /monitor/run': {
    subjects: number;
    hits: number;
    alerts: number;
  };
  /** This node's Ed25519 public key: subscribers verify its feed batches with it */
  'GET /node/key': {
    publicKey: string;
    algorithm: string;
  };
  /** The partners on this node (for scopes) */
  'GET /partners': {
    partners: Array<{
      id: string;
      name: string;
      kind: string;
      createdAt: string;
    }>;
  };
  /** Add a partner (the node's own admins) */
  'POST /partners': {
    id: string;
    name: string;
    kind: string;
    createdAt: string;
  };
  /** W3C Reconciliation API 0.2: manifest, or a batch of queries */
  'GET /reconcile/{dataset}': Record<string, unknown>;
  /** W3C Reconciliation API 0.2: manifest, or a batch of queries */
  'POST /reconcile/{dataset}': Record<string, unknown>;
  /** Entity preview (HTML for OpenRefine) */
  'GET /reconcile/{dataset}/preview': string;
  /** Entity suggest (auto-complete) */
  'GET /reconcile/{dataset}/suggest/entity': Record<string, unknown>;
  /** The manifest's view link: the entity as an HTML page, for the key given as ?api_key= (or the header); without a key, a redirect to the web UI's sign-in */
  'GET /reconcile/{dataset}/view/{id}': string;
  /** Records in your scope: your own and those shared with you */
  'GET /records': {
    records: Array<{
      id: string;
      ref: string;
      schema: string;
      caption: string;
      properties: Record<string, Array<string>>;
      sharedBy: string;
      basis: string;
      scope:
        | ('private' | 'coalition')
        | {
            partners: Array<string>;
          };
      version: number;
      createdAt: string;
      updatedAt: string;
      withdrawnAt?: string | null;
      via?: string;
    }>;
    total: number;
  };
  /** Share a record: a person or organisation, its basis and its scope */
  'POST /records': {
    action: string;
    record: {
      id: string;
      ref: string;
      schema: string;
      caption: string;
      properties: Record<string, Array<string>>;
      sharedBy: string;
      basis: string;
      scope:
        | ('private' | 'coalition')
        | {
            partners: Array<string>;
          };
      version: number;
      createdAt: string;
      updatedAt: string;
      withdrawnAt?: string | null;
      via?: string;
    };
  };
  /** Export the records in your scope: CSV or JSONL */
  'GET /records/export': unknown;
  /** Share records from a CSV, TSV or XLSX file (multipart field "file") */
  'POST /records/upload': {
    encoding?: string;
    rows: number;
    created: number;
    amended: number;
    restored: number;
    unchanged: number;
    failed: Array<{
      line: number;
      ref?: string;
      error: string;
    }>;
    records: Array<{
      line: number;
      id: string;
      ref: string;
      action: string;
    }>;
  };
  /** One record in your scope */
  'GET /records/{id}': {
    id: string;
    ref: string;
    schema: string;
    caption: string;
    properties: Record<string, Array<string>>;
    sharedBy: string;
    basis: string;
    scope:
      | ('private' | 'coalition')
      | {
          partners: Array<string>;
        };
    version: number;
    createdAt: string;
    updatedAt: string;
    withdrawnAt?: string | null;
    via?: string;
  };
  /** Amend your record: schema, properties (replaced whole) or basis */
  'PATCH /records/{id}': {
    action: string;
    record: {
      id: string;
      ref: string;
      schema: string;
      caption: string;
      properties: Record<string, Array<string>>;
      sharedBy: string;
      basis: string;
      scope:
        | ('private' | 'coalition')
        | {
            partners: Array<string>;
          };
      version: number;
      createdAt: string;
      updatedAt: string;
      withdrawnAt?: string | null;
      via?: string;
    };
  };
  /** Every version of your record */
  'GET /records/{id}/history': {
    versions: Array<{
      version: number;
      action: string;
      schema: string;
      properties: Record<string, Array<string>>;
      basis: string;
      scope:
        | ('private' | 'coalition')
        | {
            partners: Array<string>;
          };
      at: string;
      actor: string;
    }>;
  };
  /** Re-scope your record */
  'PUT /records/{id}/scope': {
    action: string;
    record: {
      id: string;
      ref: string;
      schema: string;
      caption: string;
      properties: Record<string, Array<string>>;
      sharedBy: string;
      basis: string;
      scope:
        | ('private' | 'coalition')
        | {
            partners: Array<string>;
          };
      version: number;
      createdAt: string;
      updatedAt: string;
      withdrawnAt?: string | null;
      via?: string;
    };
  };
  /** Withdraw your record (its history stays) */
  'POST /records/{id}/withdraw': {
    action: string;
    record: {
      id: string;
      ref: string;
      schema: string;
      caption: string;
      properties: Record<string, Array<string>>;
      sharedBy: string;
      basis: string;
      scope:
        | ('private' | 'coalition')
        | {
            partners: Array<string>;
          };
      version: number;
      createdAt: string;
      updatedAt: string;
      withdrawnAt?: string | null;
      via?: string;
    };
  };
  /** Screening runs */
  'GET /runs': {
    runs: Array<{
      id: string;
      source: string;
      status: string;
      error: string | null;
      createdAt: string;
      createdBy: string;
      finishedAt: string | null;
      monitor: boolean;
    }>;
  };
  /** Upload a batch (CSV, TSV, XLSX or JSONL, multipart field "file") as a screening run */
  'POST /runs': {
    runId: string;
    resumed: boolean;
    rows: number;
    skipped: number;
    screened: number;
    replayed: number;
    failed: number;
    alerts: number;
    withHits: number;
    unscreened: number;
    unscreenedLines: Array<number>;
    encoding?: string;
  };
  /** A run report: JSON, CSV or printable HTML */
  'GET /runs/{run}/report':
    | {
        run: {
          id: string;
          source: string;
          sha256: string;
          createdAt: string;
          createdBy: string;
          status: string;
          error: string | null;
          finishedAt: string | null;
          threshold: number;
          monitor: boolean;
          modelVersion: string | null;
        };
        listVersions: Array<{
          list: string;
          version: number;
          label: string;
          sha256: string;
        }>;
        counts: {
          rows: number;
          screened: number;
          unreadable: number;
          unscreened: number;
          withHits: number;
          alerts: number;
          alertsByState: Record<string, number>;
          decisions: number;
        };
        alerts: Array<{
          id: number | string;
          state: string;
          score: number;
          subject: {
            id: string;
            name: string;
          };
          entity: {
            id: string;
            list: string;
            ref: string;
            caption: string;
            /** the cluster the alert stands for (one person across lists); absent on older alerts */
            cluster?: string;
          };
          modelVersion: string | null;
          decisions: Array<{
            action: string;
            reason: string;
            decidedBy: string;
            decidedAt: string;
            status: string;
            approvedBy: string | null;
            approvedAt: string | null;
          }>;
        }>;
      }
    | string;
  /** Scan free text or a document for listed names, each hit located in the text */
  'POST /scan':
    | Array<{
        entity_id: string;
        list: string;
        ref: string;
        caption: string;
        schema: string;
        score: number;
        match: boolean;
        /** why the hit scored as it did, in words */
        explanation: string;
        /** version id of the scoring model that made the score */
        model: string;
        schemaMismatch?: true;
        /** id of the cluster: shared by every record of the same person or organisation across lists */
        cluster: string;
        /** every record of the cluster, whatever lists the query named */
        cluster_members: Array<{
          list: string;
          ref: string;
          entity_id: string;
        }>;
        /** the text as written at the span */
        text: string;
        /** offset of the span in the document’s text, UTF-16 code units */
        start: number;
        /** offset just after the span, UTF-16 code units */
        end: number;
        /** 1-based line of `start` */
        line: number;
        /** the message field or document part (`59`, `RmtInf/Ustrd`, `page 2`); null for plain text */
        field: string | null;
        /** the document the hit is in, when a file holds several (`payments.txt#3`) */
        document?: string;
      }>
    | {
        documents: Array<{
          /** the file’s name (`-` for JSON text); a message of it adds `#n` */
          name: string;
          /** text, pdf, docx, eml, mt103, mt202, pacs.008 or pacs.009 */
          kind: string;
          /** the message reference, when there is one */
          id?: string;
          /** the document’s text: what the hits’ offsets point into */
          text: string;
          hits: Array<{
            entity_id: string;
            list: string;
            ref: string;
            caption: string;
            schema: string;
            score: number;
            match: boolean;
            /** why the hit scored as it did, in words */
            explanation: string;
            /** version id of the scoring model that made the score */
            model: string;
            schemaMismatch?: true;
            /** id of the cluster: shared by every record of the same person or organisation across lists */
            cluster: string;
            /** every record of the cluster, whatever lists the query named */
            cluster_members: Array<{
              list: string;
              ref: string;
              entity_id: string;
            }>;
            /** the text as written at the span */
            text: string;
            /** offset of the span in the document’s text, UTF-16 code units */
            start: number;
            /** offset just after the span, UTF-16 code units */
            end: number;
            /** 1-based line of `start` */
            line: number;
            /** the message field or document part (`59`, `RmtInf/Ustrd`, `page 2`); null for plain text */
            field: string | null;
            /** the document the hit is in, when a file holds several (`payments.txt#3`) */
            document?: string;
          }>;
        }>;
        /** documents that could not be read and were not screened: never read as clean */
        errors: Array<{
          /** the document, as the file names it (`payments.txt#3`) */
          document: string;
          /** the field that could not be read, when known */
          field?: string;
          message: string;
        }>;
      };
  /** Search names and identifiers, with facets */
  'GET /search/{dataset}': {
    results: Array<{
      id: string;
      caption: string;
      schema: string;
      properties: Record<string, Array<string>>;
      /** every list that carries the cluster, the result's first */
      datasets: Array<string>;
      provenance: {
        listId: string;
        listVersion: string;
        ref: string;
        listedOn?: string;
        programme?: string;
        updatedOn?: Array<string>;
        sharing?: {
          partner: string;
          scope:
            | {
                kind: 'private' | 'coalition';
              }
            | {
                kind: 'partners';
                partners: Array<string>;
              };
          basis: string;
          sharedAt: string;
          via?: string;
        };
      };
      /** id of the cluster: shared by every record of the same person or organisation across lists */
      cluster: string;
      /** every record of the cluster, whatever lists the query named */
      cluster_members: Array<{
        list: string;
        ref: string;
        entity_id: string;
      }>;
      score: number;
      schemaMismatch?: boolean;
    }>;
    total: {
      value: number;
      relation: string;
    };
    limit: number;
    offset: number;
    facets: Record<
      string,
      {
        label: string;
        values: Array<{
          name: string;
          count: number;
        }>;
      }
    >;
  };
  /** Workflow settings */
  'GET /settings': {
    fourEyes: boolean;
  };
  /** Change workflow settings (admin) */
  'PUT /settings': {
    fourEyes: boolean;
  };
  /** Subjects (customers, counterparties) */
  'GET /subjects': {
    subjects: Array<{
      id: string;
      name: string;
      schema: string | null;
      birthDate: string | null;
      nationality: string | null;
      monitored: boolean;
      updatedAt: string;
    }>;
  };
  /** The case file of a subject's alerts, verifiable offline */
  'GET /subjects/{id}/case':
    | {
        format: 'sanad-case.1';
        kind: 'alert' | 'subject';
        id: string;
        made: {
          at: string;
          by: string;
          byName: string;
          /** the node's public key (base64), as `sanad node key` prints it */
          node: string;
          partner: string;
        };
        subject: {
          id: string;
          name: string;
          schema: string | null;
          birthDate: string | null;
          nationality: string | null;
          monitored: boolean;
          createdAt: string;
          updatedAt: string;
        };
        query: {
          name: string;
          schema: string | null;
          birthDate: string | null;
          nationality: string | null;
        };
        alerts: Array<{
          id: string;
          state: string;
          score: number;
          explanation: string;
          entity: {
            id: string;
            list: string;
            ref: string;
            caption: string;
            cluster: string | null;
          };
          run: string | null;
          previousAlert: string | null;
          assignee: string | null;
          createdAt: string;
          updatedAt: string;
          modelVersion: string | null;
          threshold: number | null;
          listVersions: Array<number>;
          evidence: {
            alert: {
              id: string;
              state: 'open' | 'escalated' | 'confirmed' | 'dismissed';
              awaitingApproval: boolean;
              pendingDecision: string | null;
              score: number;
              createdAt: string;
              updatedAt: string;
              run: string | null;
              modelVersion: string | null;
              cluster: string | null;
              assignee: string | null;
              previousAlert: string | null;
              storedExplanation: string;
            };
            subject: {
              id: string;
              name: string;
              schema: string | null;
              birthDate: string | null;
              nationality: string | null;
              stored: Array<string>;
            };
            entity: {
              id: string;
              ref: string;
              schema: string;
              caption: string;
              names: Array<{
                value: string;
                kind: string;
                script: string;
              }>;
              birthDates: Array<string>;
              birthPlaces: Array<string>;
              nationalities: Array<string>;
              countries: Array<string>;
              identifiers: Array<{
                kind: string;
                number: string;
                country?: string;
                label?: string;
                note?: string;
              }>;
              addresses: Array<string>;
              programme: string | null;
              listedOn: string | null;
              updatedOn: Array<string>;
              notes: Array<string>;
              deathDates: Array<string>;
              gender: Array<string>;
              positions: Array<string>;
              list: {
                id: string;
                version: {
                  number: number;
                  label: string;
                  sha256: string;
                  loadedAt: string;
                  active: boolean;
                } | null;
                source: 'raised' | 'current' | 'partner-record';
              };
              sharing: {
                partner: string;
                basis: string;
                sharedAt: string;
              } | null;
              inCurrentLists: boolean;
            };
            rows: Array<{
              field: string;
              subject: Array<string>;
              entity: Array<string>;
              agreement: 'agree' | 'disagree' | 'partial' | 'unknown';
            }>;
            explanation: {
              score: number;
              storedScore: number;
              scoreChanged: boolean;
              model: string;
              storedModel: string | null;
              matchedName: string;
              nameScore: number;
              tokens: Array<{
                query: string;
                listed: string;
                evidence:
                  | 'exact'
                  | 'variant'
                  | 'cross-script'
                  | 'spelling'
                  | 'fuzzy'
                  | 'initial'
                  | 'joined';
                score: number;
                weight: number;
              }>;
              unmatchedQuery: Array<string>;
              unmatchedListed: Array<string>;
              qualifiers: Array<{
                kind: 'birthDate' | 'nationality' | 'commonName' | 'weakAlias' | 'schema';
                delta: number;
                text: string;
              }>;
              arithmetic: {
                bias: number;
                contributions: Array<{
                  feature: string;
                  value: number;
                  weight: number;
                  contribution: number;
                  text: string;
                }>;
                total: number;
                probability: number;
                score: number;
              };
            } | null;
            whatIf: Array<{
              field: 'birthDate' | 'nationality';
              listed: Array<string>;
              agreeValue: string;
              ifAgrees: number;
              differValue: string;
              ifDiffers: number;
            }>;
            decisions: Array<{
              id: string;
              action: 'confirm' | 'dismiss' | 'escalate';
              reason: string;
              status: 'pending' | 'effective' | 'rejected';
              decidedBy: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              };
              decidedAt: string;
              approvedBy: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              } | null;
              approvedAt: string | null;
            }>;
            comments: Array<{
              id: string;
              author: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              };
              at: string;
              text: string;
            }>;
          };
          decisions: Array<{
            id: string;
            action: string;
            reason: string;
            decidedBy: string;
            decidedByName: string;
            decidedAt: string;
            status: string;
            approvedBy: string | null;
            approvedByName: string | null;
            approvedAt: string | null;
          }>;
          comments: Array<{
            id: string;
            author: string;
            authorName: string;
            at: string;
            text: string;
          }>;
        }>;
        runs: Array<{
          id: string;
          source: string;
          sha256: string;
          createdAt: string;
          createdBy: string;
          status: string;
          threshold: number;
          monitor: boolean;
          finishedAt: string | null;
          modelVersion: string | null;
          listVersions: Record<string, number>;
        }>;
        listVersions: Array<{
          id: number;
          list: string;
          version: number;
          label: string;
          sha256: string;
          source: string;
          loadedAt: string;
        }>;
        trail: {
          chain: string;
          /** the chain head signed by the node (`sanad-audit-head.1.…`) */
          head: string;
          headSeq: number;
          headHash: string;
          waypoints: Array<string>;
          records: Array<
            | {
                chain: string;
                chainSeq: number;
                format: number;
                at: string;
                actor: string;
                action: string;
                objectType: string;
                objectId: string;
                /** the record's data as hashed: JSON text */
                data: string;
                partner: string;
                prevHash: string;
                hash: string;
                link: false;
              }
            | {
                chain: string;
                chainSeq: number;
                prevHash: string;
                hash: string;
                link: true;
              }
          >;
        };
        /** the node's Ed25519 signature over the file's canonical JSON */
        seal: string;
      }
    | {
        format: 'sanad-case.1';
        kind: 'alert' | 'subject';
        id: string;
        made: {
          at: string;
          by: string;
          byName: string;
          /** the node's public key (base64), as `sanad node key` prints it */
          node: string;
          partner: string;
        };
        subject: {
          id: string;
          name: string;
          schema: string | null;
          birthDate: string | null;
          nationality: string | null;
          monitored: boolean;
          createdAt: string;
          updatedAt: string;
        };
        query: {
          name: string;
          schema: string | null;
          birthDate: string | null;
          nationality: string | null;
        };
        alerts: Array<{
          id: string;
          state: string;
          score: number;
          explanation: string;
          entity: {
            id: string;
            list: string;
            ref: string;
            caption: string;
            cluster: string | null;
          };
          run: string | null;
          previousAlert: string | null;
          assignee: string | null;
          createdAt: string;
          updatedAt: string;
          modelVersion: string | null;
          threshold: number | null;
          listVersions: Array<number>;
          evidence: {
            alert: {
              id: string;
              state: 'open' | 'escalated' | 'confirmed' | 'dismissed';
              awaitingApproval: boolean;
              pendingDecision: string | null;
              score: number;
              createdAt: string;
              updatedAt: string;
              run: string | null;
              modelVersion: string | null;
              cluster: string | null;
              assignee: string | null;
              previousAlert: string | null;
              storedExplanation: string;
            };
            subject: {
              id: string;
              name: string;
              schema: string | null;
              birthDate: string | null;
              nationality: string | null;
              stored: Array<string>;
            };
            entity: {
              id: string;
              ref: string;
              schema: string;
              caption: string;
              names: Array<{
                value: string;
                kind: string;
                script: string;
              }>;
              birthDates: Array<string>;
              birthPlaces: Array<string>;
              nationalities: Array<string>;
              countries: Array<string>;
              identifiers: Array<{
                kind: string;
                number: string;
                country?: string;
                label?: string;
                note?: string;
              }>;
              addresses: Array<string>;
              programme: string | null;
              listedOn: string | null;
              updatedOn: Array<string>;
              notes: Array<string>;
              deathDates: Array<string>;
              gender: Array<string>;
              positions: Array<string>;
              list: {
                id: string;
                version: {
                  number: number;
                  label: string;
                  sha256: string;
                  loadedAt: string;
                  active: boolean;
                } | null;
                source: 'raised' | 'current' | 'partner-record';
              };
              sharing: {
                partner: string;
                basis: string;
                sharedAt: string;
              } | null;
              inCurrentLists: boolean;
            };
            rows: Array<{
              field: string;
              subject: Array<string>;
              entity: Array<string>;
              agreement: 'agree' | 'disagree' | 'partial' | 'unknown';
            }>;
            explanation: {
              score: number;
              storedScore: number;
              scoreChanged: boolean;
              model: string;
              storedModel: string | null;
              matchedName: string;
              nameScore: number;
              tokens: Array<{
                query: string;
                listed: string;
                evidence:
                  | 'exact'
                  | 'variant'
                  | 'cross-script'
                  | 'spelling'
                  | 'fuzzy'
                  | 'initial'
                  | 'joined';
                score: number;
                weight: number;
              }>;
              unmatchedQuery: Array<string>;
              unmatchedListed: Array<string>;
              qualifiers: Array<{
                kind: 'birthDate' | 'nationality' | 'commonName' | 'weakAlias' | 'schema';
                delta: number;
                text: string;
              }>;
              arithmetic: {
                bias: number;
                contributions: Array<{
                  feature: string;
                  value: number;
                  weight: number;
                  contribution: number;
                  text: string;
                }>;
                total: number;
                probability: number;
                score: number;
              };
            } | null;
            whatIf: Array<{
              field: 'birthDate' | 'nationality';
              listed: Array<string>;
              agreeValue: string;
              ifAgrees: number;
              differValue: string;
              ifDiffers: number;
            }>;
            decisions: Array<{
              id: string;
              action: 'confirm' | 'dismiss' | 'escalate';
              reason: string;
              status: 'pending' | 'effective' | 'rejected';
              decidedBy: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              };
              decidedAt: string;
              approvedBy: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              } | null;
              approvedAt: string | null;
            }>;
            comments: Array<{
              id: string;
              author: {
                actor: string;
                name: string;
                kind: 'person' | 'key' | 'other';
                key?: string;
              };
              at: string;
              text: string;
            }>;
          };
          decisions: Array<{
            id: string;
            action: string;
            reason: string;
            decidedBy: string;
            decidedByName: string;
            decidedAt: string;
            status: string;
            approvedBy: string | null;
            approvedByName: string | null;
            approvedAt: string | null;
          }>;
          comments: Array<{
            id: string;
            author: string;
            authorName: string;
            at: string;
            text: string;
          }>;
        }>;
        runs: Array<{
          id: string;
          source: string;
          sha256: string;
          createdAt: string;
          createdBy: string;
          status: string;
          threshold: number;
          monitor: boolean;
          finishedAt: string | null;
          modelVersion: string | null;
          listVersions: Record<string, number>;
        }>;
        listVersions: Array<{
          id: number;
          list: string;
          version: number;
          label: string;
          sha256: string;
          source: string;
          loadedAt: string;
        }>;
        trail: {
          chain: string;
          /** the chain head signed by the node (`sanad-audit-head.1.…`) */
          head: string;
          headSeq: number;
          headHash: string;
          waypoints: Array<string>;
          records: Array<
            | {
                chain: string;
                chainSeq: number;
                format: number;
                at: string;
                actor: string;
                action: string;
                objectType: string;
                objectId: string;
                /** the record's data as hashed: JSON text */
                data: string;
                partner: string;
                prevHash: string;
                hash: string;
                link: false;
              }
            | {
                chain: string;
                chainSeq: number;
                prevHash: string;
                hash: string;
                link: true;
              }
          >;
        };
        /** a preview: neither recorded on the trail nor sealed */
        preview: true;
      };
  /** Read a CSV, TSV or XLSX file into its header and rows (multipart field "file") */
  'POST /tables': {
    columns: Array<string>;
    rows: Array<Array<string>>;
    truncated: boolean;
    encoding?: string;
    problems?: Array<{
      row: number;
      error: string;
    }>;
  };
}

/** The JSON body each route takes, by "METHOD /path". */
export interface ApiBodies {
  /** One decision on many alerts, recorded per alert; an outcome per alert */
  'POST /alerts/decisions': {
    alerts: Array<string>;
    action: 'confirm' | 'dismiss' | 'escalate';
    reason: string;
  };
  /** Assign an alert (null to unassign) */
  'POST /alerts/{id}/assign': {
    assignee: string | null;
  };
  /** Comment on an alert */
  'POST /alerts/{id}/comments': {
    text: string;
  };
  /** Decide: confirm, dismiss or escalate, with a reason */
  'POST /alerts/{id}/decision': {
    action: 'confirm' | 'dismiss' | 'escalate';
    reason: string;
  };
  /** Accept a link proposal: the two records become one cluster */
  'POST /clusters/proposals/{id}/accept': {
    reason?: string;
  } | null;
  /** Reject a link proposal (or undo an accepted link): never proposed again */
  'POST /clusters/proposals/{id}/reject': {
    reason?: string;
  } | null;
  /** Subscribe to another node's feed (the node's own admins) */
  'POST /feeds': {
    id: string;
    url: string;
    publicKey: string;
    apiKey: string;
    scope?: unknown;
  };
  /** Match entities (yente-compatible) */
  'POST /match/{dataset}': {
    queries: Record<string, unknown>;
  };
  /** Add a partner (the node's own admins) */
  'POST /partners': {
    id: string;
    name: string;
    kind: 'ministry' | 'fiu' | 'bank' | 'mto' | 'ngo' | 'node' | 'organisation';
  };
  /** Share a record: a person or organisation, its basis and its scope */
  'POST /records': {
    ref: string | number;
    schema?: string;
    properties: Record<string, unknown>;
    basis: string;
    scope: unknown;
  };
  /** Amend your record: schema, properties (replaced whole) or basis */
  'PATCH /records/{id}': {
    schema?: string;
    properties?: Record<string, unknown>;
    basis?: string;
  };
  /** Re-scope your record */
  'PUT /records/{id}/scope': {
    scope: unknown;
  };
  /** Withdraw your record (its history stays) */
  'POST /records/{id}/withdraw': {
    reason: string;
  };
  /** Scan free text or a document for listed names, each hit located in the text */
  'POST /scan': {
    /** the text to scan, in any mix of Arabic and Latin script; offsets count into it */
    text: string;
    /** lists to scan against (a list id, `sanctions`, `partners`); all when absent */
    lists?: Array<string>;
    /** score at or above which a hit is reported; when absent, 0.7 in free text and the scoring model’s own for the parties of payment messages */
    threshold?: number;
  } | null;
  /** Change workflow settings (admin) */
  'PUT /settings': {
    fourEyes: boolean;
  };
}
