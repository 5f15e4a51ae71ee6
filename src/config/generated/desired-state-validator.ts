// @ts-nocheck
// GENERATED FILE, do not edit. Regenerate with `npm run generate:schema` (it runs
// src/config/generated/generate-validator.ts) after changing
// schema/desired-state.v1.schema.json or upgrading ajv. Made by ajv 8.20.0 standalone code
// with the options {"allErrors":true,"verbose":true,"allowUnionTypes":true}.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export const validate = validate20;
export default validate20;
const schema31 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://ftrack-roles.dev/schema/desired-state.v1.json","title":"ftrack-roles desired state (format version 1)","description":"One file of a desired-state config for ftrack-roles: which users hold which ftrack security roles on which projects. Sections merge across the files of a config. Reference: docs/format.md.","type":"object","additionalProperties":false,"required":["version"],"properties":{"version":{"title":"Format version","description":"The version of this file format. Must be 1.","const":1},"settings":{"$ref":"#/$defs/settings"},"roles":{"$ref":"#/$defs/catalogue"},"groups":{"$ref":"#/$defs/groups"},"users":{"$ref":"#/$defs/users"}},"$defs":{"name":{"title":"Name","description":"A non-empty name without leading or trailing spaces.","type":"string","minLength":1,"pattern":"^\\S(?:.*\\S)?$"},"glob":{"title":"Name or glob","description":"A name, or a glob over names (`*`, `?`, `[abc]`, `{a,b}`), e.g. `show_*`.","type":"string","minLength":1,"pattern":"^\\S(?:.*\\S)?$"},"date":{"title":"Date","description":"A calendar date `YYYY-MM-DD` (UTC).","type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},"settings":{"title":"Settings","description":"How ftrack-roles manages the server. At most one file of a config may carry settings.","type":"object","additionalProperties":false,"properties":{"manage":{"title":"Ownership","description":"`owned` (default): declared users end with exactly their desired roles, and every other holder of a role the files mention (an owned role) loses it; roles the files never mention are left alone on undeclared users. `declared`: only declared users are changed; undeclared holders of owned roles are warned about. `all`: every active user is managed; undeclared users lose all their roles. The API user, ignored users and service accounts are never changed unless declared. See docs/format.md, \"Ownership\".","enum":["owned","declared","all"],"default":"owned"},"inactive_users":{"title":"Inactive users","description":"`remove` (default): users deactivated in ftrack lose the roles ftrack-roles manages for them (their declared grants no longer count). `keep`: inactive users are never changed; `drift` lists those holding owned roles.","enum":["remove","keep"],"default":"remove"},"ignore_users":{"title":"Ignored users","description":"Usernames or globs of users that are never changed (service accounts, break-glass admins).","type":"array","items":{"$ref":"#/$defs/glob"},"default":[]},"protected":{"title":"Protected roles","description":"Roles that must keep a minimum number of holders in the state the plan would produce.","type":"array","items":{"$ref":"#/$defs/protectedRole"},"default":[]},"max_removals":{"title":"Removal limit","description":"A plan with more removals (roles removed, projects or all-open revoked) is refused unless `--allow-removals N` names the exact number.","type":"integer","minimum":0,"default":25},"expiry_warning_days":{"title":"Expiry warning window","description":"`validate` and `plan` warn about grants whose `until` date is at most this many days away (0: no warnings).","type":"integer","minimum":0,"default":14}}},"protectedRole":{"title":"Protected role","type":"object","additionalProperties":false,"required":["role"],"properties":{"role":{"$ref":"#/$defs/name","description":"The security role name."},"min_holders":{"title":"Minimum holders","description":"The least number of users that must hold the role after a plan (default 1).","type":"integer","minimum":1,"default":1}}},"catalogue":{"title":"Role catalogue","description":"The security roles the config may grant. When any file declares roles, every granted role must be in the catalogue.","type":"object","propertyNames":{"$ref":"#/$defs/name"},"additionalProperties":{"$ref":"#/$defs/catalogueRole"}},"catalogueRole":{"title":"Catalogue role","type":"object","additionalProperties":false,"properties":{"description":{"type":"string","description":"What the role is for."},"retired":{"type":"boolean","description":"A retired role may not be granted; every holder loses it (except the API user, ignored users and service accounts).","default":false},"ownership":{"title":"Ownership","description":"`exclusive` (default): the files own the role: holders they do not declare lose it. `additive`: the files only add grants of this role and never remove or reduce one (for roles also granted in the ftrack UI, such as project access given by producers).","enum":["exclusive","additive"],"default":"exclusive"}}},"groups":{"title":"Groups","description":"Groups of users that receive roles together. A user in several groups gets the union of their roles.","type":"object","propertyNames":{"$ref":"#/$defs/name"},"additionalProperties":{"$ref":"#/$defs/group"}},"group":{"title":"Group","description":"A group lists its `members`, or reads them from an ftrack group with `ftrack_group`.","type":"object","additionalProperties":false,"required":["roles"],"properties":{"description":{"type":"string","description":"What the group is."},"members":{"title":"Members","description":"Usernames of the group's members, or `all-active`: every active user of the server (a baseline for joiners; the API user and service accounts are not members).","anyOf":[{"type":"array","items":{"$ref":"#/$defs/name"}},{"const":"all-active"}]},"ftrack_group":{"$ref":"#/$defs/name","description":"The name of an ftrack group whose members are read from the server at plan time."},"include_subgroups":{"type":"boolean","description":"With `ftrack_group`: also take the members of its subgroups.","default":false},"roles":{"$ref":"#/$defs/roleGrants"}},"oneOf":[{"required":["members"]},{"required":["ftrack_group"]}],"dependentRequired":{"include_subgroups":["ftrack_group"]}},"users":{"title":"Users","description":"Users by ftrack username, each with the roles they hold directly.","type":"object","propertyNames":{"$ref":"#/$defs/name"},"additionalProperties":{"$ref":"#/$defs/user"}},"user":{"title":"User","type":"object","additionalProperties":false,"required":["roles"],"properties":{"roles":{"$ref":"#/$defs/roleGrants"}}},"roleGrants":{"title":"Roles","description":"Security role name → scope. An empty mapping means: no roles.","type":"object","propertyNames":{"$ref":"#/$defs/name"},"additionalProperties":{"$ref":"#/$defs/scope"}},"scope":{"title":"Scope","description":"Where the role applies: `all-open` (every open project, including future ones), a list of project names or globs, or `{ all_open, projects, until }` (both, optionally ending on a date).","type":["string","array","object"],"if":{"type":"string"},"then":{"$ref":"#/$defs/allOpen"},"else":{"if":{"type":"array"},"then":{"$ref":"#/$defs/projectList"},"else":{"$ref":"#/$defs/scopeObject"}}},"allOpen":{"title":"All open projects","description":"The role on every open (non-private) project, including projects opened later.","const":"all-open"},"projectList":{"title":"Projects","description":"Project names or globs over project names (e.g. `show_*`). Private projects are reached only by name.","type":"array","items":{"$ref":"#/$defs/glob"}},"scopeObject":{"title":"Scope object","type":"object","additionalProperties":false,"properties":{"all_open":{"type":"boolean","description":"The role on every open project.","default":false},"projects":{"$ref":"#/$defs/projectList"},"until":{"$ref":"#/$defs/date","description":"The grant ends: from this date (UTC) it is no longer desired, so `plan` and `drift` remove it. The last day of access is the day before. Quote it or write it plain: `until: 2026-12-01`."}}}}};
const schema32 = {"title":"Settings","description":"How ftrack-roles manages the server. At most one file of a config may carry settings.","type":"object","additionalProperties":false,"properties":{"manage":{"title":"Ownership","description":"`owned` (default): declared users end with exactly their desired roles, and every other holder of a role the files mention (an owned role) loses it; roles the files never mention are left alone on undeclared users. `declared`: only declared users are changed; undeclared holders of owned roles are warned about. `all`: every active user is managed; undeclared users lose all their roles. The API user, ignored users and service accounts are never changed unless declared. See docs/format.md, \"Ownership\".","enum":["owned","declared","all"],"default":"owned"},"inactive_users":{"title":"Inactive users","description":"`remove` (default): users deactivated in ftrack lose the roles ftrack-roles manages for them (their declared grants no longer count). `keep`: inactive users are never changed; `drift` lists those holding owned roles.","enum":["remove","keep"],"default":"remove"},"ignore_users":{"title":"Ignored users","description":"Usernames or globs of users that are never changed (service accounts, break-glass admins).","type":"array","items":{"$ref":"#/$defs/glob"},"default":[]},"protected":{"title":"Protected roles","description":"Roles that must keep a minimum number of holders in the state the plan would produce.","type":"array","items":{"$ref":"#/$defs/protectedRole"},"default":[]},"max_removals":{"title":"Removal limit","description":"A plan with more removals (roles removed, projects or all-open revoked) is refused unless `--allow-removals N` names the exact number.","type":"integer","minimum":0,"default":25},"expiry_warning_days":{"title":"Expiry warning window","description":"`validate` and `plan` warn about grants whose `until` date is at most this many days away (0: no warnings).","type":"integer","minimum":0,"default":14}}};
const schema33 = {"title":"Name or glob","description":"A name, or a glob over names (`*`, `?`, `[abc]`, `{a,b}`), e.g. `show_*`.","type":"string","minLength":1,"pattern":"^\\S(?:.*\\S)?$"};
const func1 = require("ajv/dist/runtime/ucs2length").default;
const pattern4 = new RegExp("^\\S(?:.*\\S)?$", "u");
const schema34 = {"title":"Protected role","type":"object","additionalProperties":false,"required":["role"],"properties":{"role":{"$ref":"#/$defs/name","description":"The security role name."},"min_holders":{"title":"Minimum holders","description":"The least number of users that must hold the role after a plan (default 1).","type":"integer","minimum":1,"default":1}}};
const schema35 = {"title":"Name","description":"A non-empty name without leading or trailing spaces.","type":"string","minLength":1,"pattern":"^\\S(?:.*\\S)?$"};

function validate22(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate22.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.role === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "role"},message:"must have required property '"+"role"+"'",schema:schema34.required,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((key0 === "role") || (key0 === "min_holders"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.role !== undefined){
let data0 = data.role;
if(typeof data0 === "string"){
if(func1(data0) < 1){
const err2 = {instancePath:instancePath+"/role",schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(!pattern4.test(data0)){
const err3 = {instancePath:instancePath+"/role",schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^\\S(?:.*\\S)?$"},message:"must match pattern \""+"^\\S(?:.*\\S)?$"+"\"",schema:"^\\S(?:.*\\S)?$",parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
else {
const err4 = {instancePath:instancePath+"/role",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.min_holders !== undefined){
let data1 = data.min_holders;
if(!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1)))){
const err5 = {instancePath:instancePath+"/min_holders",schemaPath:"#/properties/min_holders/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema34.properties.min_holders.type,parentSchema:schema34.properties.min_holders,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if((typeof data1 == "number") && (isFinite(data1))){
if(data1 < 1 || isNaN(data1)){
const err6 = {instancePath:instancePath+"/min_holders",schemaPath:"#/properties/min_holders/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema34.properties.min_holders,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
}
else {
const err7 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema34.type,parentSchema:schema34,data};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
validate22.errors = vErrors;
return errors === 0;
}
validate22.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate21(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate21.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((key0 === "manage") || (key0 === "inactive_users")) || (key0 === "ignore_users")) || (key0 === "protected")) || (key0 === "max_removals")) || (key0 === "expiry_warning_days"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema32,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.manage !== undefined){
let data0 = data.manage;
if(!(((data0 === "owned") || (data0 === "declared")) || (data0 === "all"))){
const err1 = {instancePath:instancePath+"/manage",schemaPath:"#/properties/manage/enum",keyword:"enum",params:{allowedValues: schema32.properties.manage.enum},message:"must be equal to one of the allowed values",schema:schema32.properties.manage.enum,parentSchema:schema32.properties.manage,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.inactive_users !== undefined){
let data1 = data.inactive_users;
if(!((data1 === "remove") || (data1 === "keep"))){
const err2 = {instancePath:instancePath+"/inactive_users",schemaPath:"#/properties/inactive_users/enum",keyword:"enum",params:{allowedValues: schema32.properties.inactive_users.enum},message:"must be equal to one of the allowed values",schema:schema32.properties.inactive_users.enum,parentSchema:schema32.properties.inactive_users,data:data1};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.ignore_users !== undefined){
let data2 = data.ignore_users;
if(Array.isArray(data2)){
const len0 = data2.length;
for(let i0=0; i0<len0; i0++){
let data3 = data2[i0];
if(typeof data3 === "string"){
if(func1(data3) < 1){
const err3 = {instancePath:instancePath+"/ignore_users/" + i0,schemaPath:"#/$defs/glob/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema33,data:data3};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(!pattern4.test(data3)){
const err4 = {instancePath:instancePath+"/ignore_users/" + i0,schemaPath:"#/$defs/glob/pattern",keyword:"pattern",params:{pattern: "^\\S(?:.*\\S)?$"},message:"must match pattern \""+"^\\S(?:.*\\S)?$"+"\"",schema:"^\\S(?:.*\\S)?$",parentSchema:schema33,data:data3};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/ignore_users/" + i0,schemaPath:"#/$defs/glob/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.type,parentSchema:schema33,data:data3};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
else {
const err6 = {instancePath:instancePath+"/ignore_users",schemaPath:"#/properties/ignore_users/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.ignore_users.type,parentSchema:schema32.properties.ignore_users,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.protected !== undefined){
let data4 = data.protected;
if(Array.isArray(data4)){
const len1 = data4.length;
for(let i1=0; i1<len1; i1++){
if(!(validate22(data4[i1], {instancePath:instancePath+"/protected/" + i1,parentData:data4,parentDataProperty:i1,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate22.errors : vErrors.concat(validate22.errors);
errors = vErrors.length;
}
}
}
else {
const err7 = {instancePath:instancePath+"/protected",schemaPath:"#/properties/protected/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema32.properties.protected.type,parentSchema:schema32.properties.protected,data:data4};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.max_removals !== undefined){
let data6 = data.max_removals;
if(!(((typeof data6 == "number") && (!(data6 % 1) && !isNaN(data6))) && (isFinite(data6)))){
const err8 = {instancePath:instancePath+"/max_removals",schemaPath:"#/properties/max_removals/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema32.properties.max_removals.type,parentSchema:schema32.properties.max_removals,data:data6};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if((typeof data6 == "number") && (isFinite(data6))){
if(data6 < 0 || isNaN(data6)){
const err9 = {instancePath:instancePath+"/max_removals",schemaPath:"#/properties/max_removals/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema32.properties.max_removals,data:data6};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
if(data.expiry_warning_days !== undefined){
let data7 = data.expiry_warning_days;
if(!(((typeof data7 == "number") && (!(data7 % 1) && !isNaN(data7))) && (isFinite(data7)))){
const err10 = {instancePath:instancePath+"/expiry_warning_days",schemaPath:"#/properties/expiry_warning_days/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema32.properties.expiry_warning_days.type,parentSchema:schema32.properties.expiry_warning_days,data:data7};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if((typeof data7 == "number") && (isFinite(data7))){
if(data7 < 0 || isNaN(data7)){
const err11 = {instancePath:instancePath+"/expiry_warning_days",schemaPath:"#/properties/expiry_warning_days/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema32.properties.expiry_warning_days,data:data7};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
}
else {
const err12 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema32.type,parentSchema:schema32,data};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
validate21.errors = vErrors;
return errors === 0;
}
validate21.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema36 = {"title":"Role catalogue","description":"The security roles the config may grant. When any file declares roles, every granted role must be in the catalogue.","type":"object","propertyNames":{"$ref":"#/$defs/name"},"additionalProperties":{"$ref":"#/$defs/catalogueRole"}};
const schema38 = {"title":"Catalogue role","type":"object","additionalProperties":false,"properties":{"description":{"type":"string","description":"What the role is for."},"retired":{"type":"boolean","description":"A retired role may not be granted; every holder loses it (except the API user, ignored users and service accounts).","default":false},"ownership":{"title":"Ownership","description":"`exclusive` (default): the files own the role: holders they do not declare lose it. `additive`: the files only add grants of this role and never remove or reduce one (for roles also granted in the ftrack UI, such as project access given by producers).","enum":["exclusive","additive"],"default":"exclusive"}}};

function validate25(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate25.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
const _errs1 = errors;
if(typeof key0 === "string"){
if(func1(key0) < 1){
const err0 = {instancePath,schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(!pattern4.test(key0)){
const err1 = {instancePath,schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^\\S(?:.*\\S)?$"},message:"must match pattern \""+"^\\S(?:.*\\S)?$"+"\"",schema:"^\\S(?:.*\\S)?$",parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath,schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
var valid0 = _errs1 === errors;
if(!valid0){
const err3 = {instancePath,schemaPath:"#/propertyNames",keyword:"propertyNames",params:{propertyName: key0},message:"property name must be valid",schema:schema36.propertyNames,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
for(const key1 in data){
let data0 = data[key1];
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
for(const key2 in data0){
if(!(((key2 === "description") || (key2 === "retired")) || (key2 === "ownership"))){
const err4 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/catalogueRole/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema38,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data0.description !== undefined){
let data1 = data0.description;
if(typeof data1 !== "string"){
const err5 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/description",schemaPath:"#/$defs/catalogueRole/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema38.properties.description.type,parentSchema:schema38.properties.description,data:data1};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data0.retired !== undefined){
let data2 = data0.retired;
if(typeof data2 !== "boolean"){
const err6 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/retired",schemaPath:"#/$defs/catalogueRole/properties/retired/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema38.properties.retired.type,parentSchema:schema38.properties.retired,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data0.ownership !== undefined){
let data3 = data0.ownership;
if(!((data3 === "exclusive") || (data3 === "additive"))){
const err7 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/ownership",schemaPath:"#/$defs/catalogueRole/properties/ownership/enum",keyword:"enum",params:{allowedValues: schema38.properties.ownership.enum},message:"must be equal to one of the allowed values",schema:schema38.properties.ownership.enum,parentSchema:schema38.properties.ownership,data:data3};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/$defs/catalogueRole/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema38.type,parentSchema:schema38,data:data0};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema36.type,parentSchema:schema36,data};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
validate25.errors = vErrors;
return errors === 0;
}
validate25.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema39 = {"title":"Groups","description":"Groups of users that receive roles together. A user in several groups gets the union of their roles.","type":"object","propertyNames":{"$ref":"#/$defs/name"},"additionalProperties":{"$ref":"#/$defs/group"}};
const schema41 = {"title":"Group","description":"A group lists its `members`, or reads them from an ftrack group with `ftrack_group`.","type":"object","additionalProperties":false,"required":["roles"],"properties":{"description":{"type":"string","description":"What the group is."},"members":{"title":"Members","description":"Usernames of the group's members, or `all-active`: every active user of the server (a baseline for joiners; the API user and service accounts are not members).","anyOf":[{"type":"array","items":{"$ref":"#/$defs/name"}},{"const":"all-active"}]},"ftrack_group":{"$ref":"#/$defs/name","description":"The name of an ftrack group whose members are read from the server at plan time."},"include_subgroups":{"type":"boolean","description":"With `ftrack_group`: also take the members of its subgroups.","default":false},"roles":{"$ref":"#/$defs/roleGrants"}},"oneOf":[{"required":["members"]},{"required":["ftrack_group"]}],"dependentRequired":{"include_subgroups":["ftrack_group"]}};
const schema44 = {"title":"Roles","description":"Security role name → scope. An empty mapping means: no roles.","type":"object","propertyNames":{"$ref":"#/$defs/name"},"additionalProperties":{"$ref":"#/$defs/scope"}};
const schema46 = {"title":"Scope","description":"Where the role applies: `all-open` (every open project, including future ones), a list of project names or globs, or `{ all_open, projects, until }` (both, optionally ending on a date).","type":["string","array","object"],"if":{"type":"string"},"then":{"$ref":"#/$defs/allOpen"},"else":{"if":{"type":"array"},"then":{"$ref":"#/$defs/projectList"},"else":{"$ref":"#/$defs/scopeObject"}}};
const schema47 = {"title":"All open projects","description":"The role on every open (non-private) project, including projects opened later.","const":"all-open"};
const schema48 = {"title":"Projects","description":"Project names or globs over project names (e.g. `show_*`). Private projects are reached only by name.","type":"array","items":{"$ref":"#/$defs/glob"}};

function validate31(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate31.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(Array.isArray(data)){
const len0 = data.length;
for(let i0=0; i0<len0; i0++){
let data0 = data[i0];
if(typeof data0 === "string"){
if(func1(data0) < 1){
const err0 = {instancePath:instancePath+"/" + i0,schemaPath:"#/$defs/glob/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema33,data:data0};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(!pattern4.test(data0)){
const err1 = {instancePath:instancePath+"/" + i0,schemaPath:"#/$defs/glob/pattern",keyword:"pattern",params:{pattern: "^\\S(?:.*\\S)?$"},message:"must match pattern \""+"^\\S(?:.*\\S)?$"+"\"",schema:"^\\S(?:.*\\S)?$",parentSchema:schema33,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath:instancePath+"/" + i0,schemaPath:"#/$defs/glob/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema33.type,parentSchema:schema33,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
else {
const err3 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema48.type,parentSchema:schema48,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
validate31.errors = vErrors;
return errors === 0;
}
validate31.evaluated = {"items":true,"dynamicProps":false,"dynamicItems":false};

const schema50 = {"title":"Scope object","type":"object","additionalProperties":false,"properties":{"all_open":{"type":"boolean","description":"The role on every open project.","default":false},"projects":{"$ref":"#/$defs/projectList"},"until":{"$ref":"#/$defs/date","description":"The grant ends: from this date (UTC) it is no longer desired, so `plan` and `drift` remove it. The last day of access is the day before. Quote it or write it plain: `until: 2026-12-01`."}}};
const schema51 = {"title":"Date","description":"A calendar date `YYYY-MM-DD` (UTC).","type":"string","pattern":"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"};
const pattern12 = new RegExp("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "u");

function validate33(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate33.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(((key0 === "all_open") || (key0 === "projects")) || (key0 === "until"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema50,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.all_open !== undefined){
let data0 = data.all_open;
if(typeof data0 !== "boolean"){
const err1 = {instancePath:instancePath+"/all_open",schemaPath:"#/properties/all_open/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema50.properties.all_open.type,parentSchema:schema50.properties.all_open,data:data0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.projects !== undefined){
if(!(validate31(data.projects, {instancePath:instancePath+"/projects",parentData:data,parentDataProperty:"projects",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate31.errors : vErrors.concat(validate31.errors);
errors = vErrors.length;
}
}
if(data.until !== undefined){
let data2 = data.until;
if(typeof data2 === "string"){
if(!pattern12.test(data2)){
const err2 = {instancePath:instancePath+"/until",schemaPath:"#/$defs/date/pattern",keyword:"pattern",params:{pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},message:"must match pattern \""+"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"+"\"",schema:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",parentSchema:schema51,data:data2};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
else {
const err3 = {instancePath:instancePath+"/until",schemaPath:"#/$defs/date/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema51.type,parentSchema:schema51,data:data2};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
}
else {
const err4 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema50.type,parentSchema:schema50,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
validate33.errors = vErrors;
return errors === 0;
}
validate33.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate30(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate30.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if((!data || typeof data != "object") && (typeof data !== "string")){
const err0 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: schema46.type},message:"must be string,array,object",schema:schema46.type,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs1 = errors;
let valid0 = true;
const _errs2 = errors;
if(typeof data !== "string"){
const err1 = {};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
var _valid0 = _errs2 === errors;
errors = _errs1;
if(vErrors !== null){
if(_errs1){
vErrors.length = _errs1;
}
else {
vErrors = null;
}
}
let ifClause0;
if(_valid0){
const _errs4 = errors;
if("all-open" !== data){
const err2 = {instancePath,schemaPath:"#/$defs/allOpen/const",keyword:"const",params:{allowedValue: "all-open"},message:"must be equal to constant",schema:"all-open",parentSchema:schema47,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
var _valid0 = _errs4 === errors;
valid0 = _valid0;
ifClause0 = "then";
}
else {
const _errs6 = errors;
const _errs7 = errors;
let valid2 = true;
const _errs8 = errors;
if(!(Array.isArray(data))){
const err3 = {};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
var _valid1 = _errs8 === errors;
errors = _errs7;
if(vErrors !== null){
if(_errs7){
vErrors.length = _errs7;
}
else {
vErrors = null;
}
}
let ifClause1;
if(_valid1){
const _errs10 = errors;
if(!(validate31(data, {instancePath,parentData,parentDataProperty,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate31.errors : vErrors.concat(validate31.errors);
errors = vErrors.length;
}
var _valid1 = _errs10 === errors;
valid2 = _valid1;
if(valid2){
var items0 = true;
}
ifClause1 = "then";
}
else {
const _errs11 = errors;
if(!(validate33(data, {instancePath,parentData,parentDataProperty,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate33.errors : vErrors.concat(validate33.errors);
errors = vErrors.length;
}
var _valid1 = _errs11 === errors;
valid2 = _valid1;
if(valid2){
var props0 = true;
}
ifClause1 = "else";
}
if(!valid2){
const err4 = {instancePath,schemaPath:"#/else/if",keyword:"if",params:{failingKeyword: ifClause1},message:"must match \""+ifClause1+"\" schema",schema:schema46.else.if,parentSchema:schema46.else,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
var _valid0 = _errs6 === errors;
valid0 = _valid0;
ifClause0 = "else";
}
if(!valid0){
const err5 = {instancePath,schemaPath:"#/if",keyword:"if",params:{failingKeyword: ifClause0},message:"must match \""+ifClause0+"\" schema",schema:schema46.if,parentSchema:schema46,data};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
validate30.errors = vErrors;
evaluated0.props = props0;
evaluated0.items = items0;
return errors === 0;
}
validate30.evaluated = {"dynamicProps":true,"dynamicItems":true};


function validate29(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate29.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
const _errs1 = errors;
if(typeof key0 === "string"){
if(func1(key0) < 1){
const err0 = {instancePath,schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(!pattern4.test(key0)){
const err1 = {instancePath,schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^\\S(?:.*\\S)?$"},message:"must match pattern \""+"^\\S(?:.*\\S)?$"+"\"",schema:"^\\S(?:.*\\S)?$",parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath,schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
var valid0 = _errs1 === errors;
if(!valid0){
const err3 = {instancePath,schemaPath:"#/propertyNames",keyword:"propertyNames",params:{propertyName: key0},message:"property name must be valid",schema:schema44.propertyNames,parentSchema:schema44,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
for(const key1 in data){
if(!(validate30(data[key1], {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data,parentDataProperty:key1,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate30.errors : vErrors.concat(validate30.errors);
errors = vErrors.length;
}
}
}
else {
const err4 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema44.type,parentSchema:schema44,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
validate29.errors = vErrors;
return errors === 0;
}
validate29.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate28(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate28.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
const _errs1 = errors;
let valid0 = false;
let passing0 = null;
const _errs2 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.members === undefined){
const err0 = {instancePath,schemaPath:"#/oneOf/0/required",keyword:"required",params:{missingProperty: "members"},message:"must have required property '"+"members"+"'",schema:schema41.oneOf[0].required,parentSchema:schema41.oneOf[0],data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
var _valid0 = _errs2 === errors;
if(_valid0){
valid0 = true;
passing0 = 0;
}
const _errs3 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.ftrack_group === undefined){
const err1 = {instancePath,schemaPath:"#/oneOf/1/required",keyword:"required",params:{missingProperty: "ftrack_group"},message:"must have required property '"+"ftrack_group"+"'",schema:schema41.oneOf[1].required,parentSchema:schema41.oneOf[1],data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
var _valid0 = _errs3 === errors;
if(_valid0 && valid0){
valid0 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid0 = true;
passing0 = 1;
}
}
if(!valid0){
const err2 = {instancePath,schemaPath:"#/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf",schema:schema41.oneOf,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
else {
errors = _errs1;
if(vErrors !== null){
if(_errs1){
vErrors.length = _errs1;
}
else {
vErrors = null;
}
}
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.roles === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "roles"},message:"must have required property '"+"roles"+"'",schema:schema41.required,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!(((((key0 === "description") || (key0 === "members")) || (key0 === "ftrack_group")) || (key0 === "include_subgroups")) || (key0 === "roles"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.description !== undefined){
let data0 = data.description;
if(typeof data0 !== "string"){
const err5 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema41.properties.description.type,parentSchema:schema41.properties.description,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.members !== undefined){
let data1 = data.members;
const _errs8 = errors;
let valid2 = false;
const _errs9 = errors;
if(Array.isArray(data1)){
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
let data2 = data1[i0];
if(typeof data2 === "string"){
if(func1(data2) < 1){
const err6 = {instancePath:instancePath+"/members/" + i0,schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35,data:data2};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(!pattern4.test(data2)){
const err7 = {instancePath:instancePath+"/members/" + i0,schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^\\S(?:.*\\S)?$"},message:"must match pattern \""+"^\\S(?:.*\\S)?$"+"\"",schema:"^\\S(?:.*\\S)?$",parentSchema:schema35,data:data2};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/members/" + i0,schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data2};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath:instancePath+"/members",schemaPath:"#/properties/members/anyOf/0/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema41.properties.members.anyOf[0].type,parentSchema:schema41.properties.members.anyOf[0],data:data1};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
var _valid1 = _errs9 === errors;
valid2 = valid2 || _valid1;
const _errs14 = errors;
if("all-active" !== data1){
const err10 = {instancePath:instancePath+"/members",schemaPath:"#/properties/members/anyOf/1/const",keyword:"const",params:{allowedValue: "all-active"},message:"must be equal to constant",schema:"all-active",parentSchema:schema41.properties.members.anyOf[1],data:data1};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var _valid1 = _errs14 === errors;
valid2 = valid2 || _valid1;
if(!valid2){
const err11 = {instancePath:instancePath+"/members",schemaPath:"#/properties/members/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema41.properties.members.anyOf,parentSchema:schema41.properties.members,data:data1};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
else {
errors = _errs8;
if(vErrors !== null){
if(_errs8){
vErrors.length = _errs8;
}
else {
vErrors = null;
}
}
}
}
if(data.ftrack_group !== undefined){
let data3 = data.ftrack_group;
if(typeof data3 === "string"){
if(func1(data3) < 1){
const err12 = {instancePath:instancePath+"/ftrack_group",schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35,data:data3};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(!pattern4.test(data3)){
const err13 = {instancePath:instancePath+"/ftrack_group",schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^\\S(?:.*\\S)?$"},message:"must match pattern \""+"^\\S(?:.*\\S)?$"+"\"",schema:"^\\S(?:.*\\S)?$",parentSchema:schema35,data:data3};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/ftrack_group",schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:data3};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data.include_subgroups !== undefined){
let data4 = data.include_subgroups;
if(typeof data4 !== "boolean"){
const err15 = {instancePath:instancePath+"/include_subgroups",schemaPath:"#/properties/include_subgroups/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema41.properties.include_subgroups.type,parentSchema:schema41.properties.include_subgroups,data:data4};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.roles !== undefined){
if(!(validate29(data.roles, {instancePath:instancePath+"/roles",parentData:data,parentDataProperty:"roles",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate29.errors : vErrors.concat(validate29.errors);
errors = vErrors.length;
}
}
if(data.include_subgroups !== undefined){
if(data.ftrack_group === undefined){
const err16 = {instancePath,schemaPath:"#/dependentRequired",keyword:"dependentRequired",params:{property: "include_subgroups",
    missingProperty: "ftrack_group",
    depsCount: 1,
    deps: "ftrack_group"},message:"must have property ftrack_group when property include_subgroups is present",schema:schema41.dependentRequired,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema41.type,parentSchema:schema41,data};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
validate28.errors = vErrors;
return errors === 0;
}
validate28.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate27(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate27.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
const _errs1 = errors;
if(typeof key0 === "string"){
if(func1(key0) < 1){
const err0 = {instancePath,schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(!pattern4.test(key0)){
const err1 = {instancePath,schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^\\S(?:.*\\S)?$"},message:"must match pattern \""+"^\\S(?:.*\\S)?$"+"\"",schema:"^\\S(?:.*\\S)?$",parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath,schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
var valid0 = _errs1 === errors;
if(!valid0){
const err3 = {instancePath,schemaPath:"#/propertyNames",keyword:"propertyNames",params:{propertyName: key0},message:"property name must be valid",schema:schema39.propertyNames,parentSchema:schema39,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
for(const key1 in data){
if(!(validate28(data[key1], {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data,parentDataProperty:key1,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate28.errors : vErrors.concat(validate28.errors);
errors = vErrors.length;
}
}
}
else {
const err4 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema39.type,parentSchema:schema39,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
validate27.errors = vErrors;
return errors === 0;
}
validate27.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

const schema52 = {"title":"Users","description":"Users by ftrack username, each with the roles they hold directly.","type":"object","propertyNames":{"$ref":"#/$defs/name"},"additionalProperties":{"$ref":"#/$defs/user"}};
const schema54 = {"title":"User","type":"object","additionalProperties":false,"required":["roles"],"properties":{"roles":{"$ref":"#/$defs/roleGrants"}}};

function validate41(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate41.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.roles === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "roles"},message:"must have required property '"+"roles"+"'",schema:schema54.required,parentSchema:schema54,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(key0 === "roles")){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema54,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.roles !== undefined){
if(!(validate29(data.roles, {instancePath:instancePath+"/roles",parentData:data,parentDataProperty:"roles",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate29.errors : vErrors.concat(validate29.errors);
errors = vErrors.length;
}
}
}
else {
const err2 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema54.type,parentSchema:schema54,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
validate41.errors = vErrors;
return errors === 0;
}
validate41.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate40(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate40.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
const _errs1 = errors;
if(typeof key0 === "string"){
if(func1(key0) < 1){
const err0 = {instancePath,schemaPath:"#/$defs/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(!pattern4.test(key0)){
const err1 = {instancePath,schemaPath:"#/$defs/name/pattern",keyword:"pattern",params:{pattern: "^\\S(?:.*\\S)?$"},message:"must match pattern \""+"^\\S(?:.*\\S)?$"+"\"",schema:"^\\S(?:.*\\S)?$",parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
else {
const err2 = {instancePath,schemaPath:"#/$defs/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema35.type,parentSchema:schema35,data:key0,propertyName:key0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
var valid0 = _errs1 === errors;
if(!valid0){
const err3 = {instancePath,schemaPath:"#/propertyNames",keyword:"propertyNames",params:{propertyName: key0},message:"property name must be valid",schema:schema52.propertyNames,parentSchema:schema52,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
for(const key1 in data){
if(!(validate41(data[key1], {instancePath:instancePath+"/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),parentData:data,parentDataProperty:key1,rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate41.errors : vErrors.concat(validate41.errors);
errors = vErrors.length;
}
}
}
else {
const err4 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema52.type,parentSchema:schema52,data};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
validate40.errors = vErrors;
return errors === 0;
}
validate40.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};


function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://ftrack-roles.dev/schema/desired-state.v1.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.version === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(((((key0 === "version") || (key0 === "settings")) || (key0 === "roles")) || (key0 === "groups")) || (key0 === "users"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.version !== undefined){
let data0 = data.version;
if(1 !== data0){
const err2 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant",schema:1,parentSchema:schema31.properties.version,data:data0};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.settings !== undefined){
if(!(validate21(data.settings, {instancePath:instancePath+"/settings",parentData:data,parentDataProperty:"settings",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate21.errors : vErrors.concat(validate21.errors);
errors = vErrors.length;
}
}
if(data.roles !== undefined){
if(!(validate25(data.roles, {instancePath:instancePath+"/roles",parentData:data,parentDataProperty:"roles",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate25.errors : vErrors.concat(validate25.errors);
errors = vErrors.length;
}
}
if(data.groups !== undefined){
if(!(validate27(data.groups, {instancePath:instancePath+"/groups",parentData:data,parentDataProperty:"groups",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate27.errors : vErrors.concat(validate27.errors);
errors = vErrors.length;
}
}
if(data.users !== undefined){
if(!(validate40(data.users, {instancePath:instancePath+"/users",parentData:data,parentDataProperty:"users",rootData,dynamicAnchors}))){
vErrors = vErrors === null ? validate40.errors : vErrors.concat(validate40.errors);
errors = vErrors.length;
}
}
}
else {
const err3 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};
