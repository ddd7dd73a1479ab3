/**
 * Every operation the console sends, in one place, so a test can validate them all against the
 * emitted schema (tests/unit/web-queries.test.ts): the console uses only fields the API has.
 */
export const ME_FIELDS = 'id username role unit { id name code } region { id name code }';

export const ME = `{ me { ${ME_FIELDS} } }`;

export const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token user { ${ME_FIELDS} } } }`;

export const POWERS = `query($first: Int!, $after: String, $filter: PowerFilter) {
  powers(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id code status isKey problemCount unit { name } current { name category } } }
  }
}`;

export const CONTENT_FIELDS = `versionNo name category legalTimeLimitDays promisedTimeLimitDays validFrom
  subject { type entrustingParty unit { name } coImplementers { name } }
  legalBases { articles excerpt document { id title level issuer repealedOn } }
  externalFlow { mermaid complaintChannel counterpartyRights supervision nodes { key label riskPoints { level description measures } } }
  internalFlow { mermaid nodes { key label post duty timeLimitDays riskPoints { level description measures } } }
  discretion { applicationRules filedOn adjustedOn tiers { level conditions sanction minFine maxFine } circumstances { kind description } }`;

export const POWER = `query($id: ID!) { power(id: $id) {
  id code status isKey unit { name code }
  current { ${CONTENT_FIELDS} }
  problems { code message path }
  obligations { id cause dueOn daysLeft warning triggeredOn metOn state }
  versions { versionNo name validFrom validTo }
  changeRequests { id kind status dueOn createdAt }
} }`;

export const POWER_FOR_REQUEST = `query($id: ID!) { power(id: $id) {
  id code status current { name category legalTimeLimitDays promisedTimeLimitDays }
  obligations { id cause dueOn metOn }
} }`;

export const CREATE_REQUEST = `mutation($input: CreateChangeRequestInput!) { createChangeRequest(input: $input) { id status } }`;

export const UPDATE_REQUEST = `mutation($id: ID!, $input: UpdateChangeRequestInput!) { updateChangeRequest(id: $id, input: $input) { id } }`;

export const SUBMIT_REQUEST = `mutation($id: ID!) { submitChangeRequest(id: $id) { id status } }`;

export const WITHDRAW_REQUEST = `mutation($id: ID!) { withdrawChangeRequest(id: $id) { id status } }`;

export const REQUESTS = `query($filter: ChangeRequestFilter, $first: Int, $orderBy: WorkOrder) {
  changeRequests(filter: $filter, first: $first, orderBy: $orderBy) {
    totalCount
    edges { node { id kind status dueOn daysLeft overdue late submittedAt createdAt unit { name } power { id code current { name } } } }
  }
}`;

export const REQUEST = `query($id: ID!) { changeRequest(id: $id) {
  id kind status reason dueOn daysLeft overdue late triggeredOn submittedAt createdAt decidedAt decisionNote
  unit { name } createdBy { username } decidedBy { username }
  obligation { cause dueOn }
  appliedVersion { versionNo } effectiveFrom
  changes { field path before after }
  problems { code message path }
  power { id code current { ${CONTENT_FIELDS} } problems { code message path } }
} }`;

export const APPROVE_REQUEST = `mutation($id: ID!, $note: String, $effectiveFrom: DateTime) {
  approveChangeRequest(id: $id, note: $note, effectiveFrom: $effectiveFrom) { id status effectiveFrom }
}`;

export const REJECT_REQUEST = `mutation($id: ID!, $note: String!) { rejectChangeRequest(id: $id, note: $note) { id status } }`;

export const OBLIGATIONS = `query($filter: ObligationFilter) {
  obligations(filter: $filter, first: 100, orderBy: DUE_SOONEST) {
    totalCount
    edges { node { id cause triggeredOn dueOn daysLeft warning metOn state power { id code unit { name } current { name } } } }
  }
}`;

export const DOCUMENTS = `query($s: String) { legalDocuments(search: $s) { id title issuer level promulgatedOn repealedOn } }`;

export const RECORD_AMENDMENT = `mutation($input: RecordAmendmentInput!) { recordAmendment(input: $input) {
          id amendedOn obligations { id dueOn cause power { id code unit { name } current { name } } }
        } }`;

export const SETUP = `{
  assessmentSchemes { code name maxPoints sections { code items { code no requirement derived scoring } } }
  regions { id name level units { id name } }
}`;

export const SCORECARD = `query($scheme: String!, $unitId: ID, $regionId: ID, $from: Date!, $to: Date!) {
  scorecard(scheme: $scheme, unitId: $unitId, regionId: $regionId, from: $from, to: $to) {
    score deducted maxPoints from to asOf provisional complete unit { name } region { name }
    sections { code name maxPoints score items {
      code no maxPoints deducted score cases capped derived assessed applicable compliant
      deductions { itemCode points reason occurredOn manual recordId unit { name }
        power { id code } version { versionNo } changeRequest { id } obligation { dueOn cause }
        appeal { status } }
    } }
  }
}`;

export const RANKING = `query($scheme: String!, $regionId: ID!, $from: Date!, $to: Date!) {
  ranking(scheme: $scheme, regionId: $regionId, from: $from, to: $to) { rank score deducted unit { id name } }
}`;
